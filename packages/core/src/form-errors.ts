import { z } from 'zod';

/**
 * Zod's own English messages ("Too big: expected string to have <=200 characters") read like a stack trace to a
 * customer. Passed as a parse's `error` option, this words the checks a schema left without a message; messages a
 * schema sets itself take precedence (zod: schema > per-parse > global).
 */
export function plainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const origin = 'origin' in issue ? issue.origin : undefined;
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum);
      if (origin === 'string') return `Use at most ${max.toLocaleString('en-US')} characters`;
      if (origin === 'array' || origin === 'set') return `Choose at most ${max}`;
      return `Enter at most ${issue.maximum}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (origin === 'string') return min <= 1 ? 'This field is required' : `Use at least ${min} characters`;
      if (origin === 'array' || origin === 'set') return `Choose at least ${min}`;
      return `Enter at least ${issue.minimum}`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter a valid email address';
      if (issue.format === 'url') return 'Enter a full web address, e.g. https://example.com';
      return 'This is not in the expected format';
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'This field is required';
      return issue.expected === 'number' ? 'Enter a number' : 'This value is not accepted';
    case 'invalid_value':
      return 'Choose one of the options offered';
    default:
      return undefined;
  }
}

/**
 * An issue's message, reworded by plainIssue when it is still zod's own default (a schema parsed without the
 * `error` option). A finalized issue no longer carries its input, so "received undefined" marks a missing field.
 */
function plainMessage(issue: z.core.$ZodIssue): string {
  const zodDefault = z.core.globalConfig.localeError?.(issue as unknown as z.core.$ZodRawIssue);
  const defaultText = typeof zodDefault === 'string' ? zodDefault : zodDefault?.message;
  const unworded = issue.message === defaultText || (issue.code === 'invalid_type' && /^Invalid input: expected \w+, received \w+$/.test(issue.message));
  if (!unworded) return issue.message;
  if (issue.code === 'invalid_type') {
    if (issue.message.endsWith('received undefined')) return 'This field is required';
    return issue.expected === 'number' ? 'Enter a number' : 'This value is not accepted';
  }
  return plainIssue(issue as unknown as z.core.$ZodRawIssue) ?? issue.message;
}

/** Every field's first problem in plain words, keyed by its path ("form" for the object itself), for forms showing errors next to each field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    out[key] ??= plainMessage(issue);
  }
  return out;
}

/** Parses a submitted form in one pass: the data, or every field's error in plain words. */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const parsed = schema.safeParse(input, { error: plainIssue });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
}

import { fieldErrors, plainIssue } from '@helpdesk/db';
import type { z } from 'zod';

/** Parses a submitted form in one pass: the data, or every field's error in plain words (worded by the error model). */
export function parseForm<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const parsed = schema.safeParse(input, { error: plainIssue });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
}

export { fieldErrors, plainIssue };

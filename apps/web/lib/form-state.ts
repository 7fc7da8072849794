import { DomainError } from '@helpdesk/db';
import { fieldErrors, parseForm } from '@helpdesk/core/form-errors';
import type { z } from 'zod';

/** What a form's server action returns: field errors shown next to fields, or a form-level message. */
export interface FormState {
  ok: boolean;
  errors?: Record<string, string>;
  message?: string;
}

export function invalid(error: z.ZodError): FormState {
  return { ok: false, errors: fieldErrors(error) };
}

/** A form's input parsed in one pass, or the FormState listing every field's error in plain words. */
export function parseFormState<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | FormState & { ok: false } {
  const parsed = parseForm(schema, input);
  return parsed.ok ? parsed : { ok: false, errors: parsed.errors };
}

/** Domain errors naming a field land next to it; others become the form's message. */
export function failure(error: unknown): FormState {
  if (error instanceof DomainError) {
    const text = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
    return error.field ? { ok: false, errors: { [error.field]: text } } : { ok: false, message: error.message };
  }
  console.error(error);
  return { ok: false, message: 'Something went wrong; please try again.' };
}

import { DomainError } from '@helpdesk/db';
import { fieldErrors } from '@helpdesk/core/auth/index';
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

/** Domain errors naming a field land next to it; others become the form's message. */
export function failure(error: unknown): FormState {
  if (error instanceof DomainError) {
    const text = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
    return error.field ? { ok: false, errors: { [error.field]: text } } : { ok: false, message: error.message };
  }
  console.error(error);
  return { ok: false, message: 'Something went wrong; please try again.' };
}

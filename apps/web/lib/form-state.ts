import { errorAnswer } from '@helpdesk/db';
import { errorFields } from '@helpdesk/logging';
import { webLogger } from './request-log';

/** What a form's server action returns: field errors shown next to fields, or a form-level message. */
export interface FormState {
  ok: boolean;
  errors?: Record<string, string>;
  message?: string;
}

/**
 * A thrown error as a form shows it (the mapping itself is errorAnswer): every field error next to its input, or the
 * message for people; anything unexpected is logged and answered in general words.
 */
export function failure(error: unknown): FormState {
  const answer = errorAnswer(error);
  if (!answer) {
    webLogger.error(errorFields(error), 'unhandled error in a server action');
    return { ok: false, message: 'Something went wrong; please try again.' };
  }
  return answer.field ? { ok: false, errors: { ...answer.fields } } : { ok: false, message: answer.message };
}

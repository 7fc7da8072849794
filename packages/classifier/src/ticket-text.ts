/** The classifier reads the head of a thread: that is where a customer says what the ticket is about. */
export const CLASSIFIER_TEXT_MESSAGES = 3;
export const CLASSIFIER_TEXT_CHARS = 2000;

/**
 * The one place that turns a ticket into classifier input. Training (tenant labels) and triage both call
 * it with the raw subject and the customer's messages oldest first, so the model is served exactly the
 * kind of text it learned from.
 */
export function classifierText(subject: string, customerMessages: readonly string[]): string {
  return `${subject}\n${customerMessages.slice(0, CLASSIFIER_TEXT_MESSAGES).join('\n\n')}`.slice(0, CLASSIFIER_TEXT_CHARS).trim();
}

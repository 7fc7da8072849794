/** A rough count (four characters a token) for reservations: the budget hold is doubled on top of it. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Tokens a cloud model would count for a text, estimated at four characters a token (Anthropic's rule of thumb
 * for English). The escalation side uses the same rule for its budget holds; the counterfactual uses it for the
 * requests local calls stand in for, so both sides estimate alike. Local tokenizers are not used: the demo
 * model's vocabulary says nothing about a cloud model's.
 */
export function estimateCloudTokens(...texts: string[]): number {
  return texts.reduce((sum, t) => sum + Math.ceil(t.length / 4), 0);
}

import { distance } from 'fastest-levenshtein';

/** Whitespace runs count as one space: a reflowed line or an extra blank line is not an edit of the wording. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * How far the text sent is from the draft: the Levenshtein distance in characters and that distance over the
 * longer text's length (0 = unchanged, 1 = nothing kept). Stored on a draft at approval for the AI quality report.
 */
export function draftEditDistance(draft: string, sent: string): { distance: number; ratio: number } {
  const a = normalise(draft);
  const b = normalise(sent);
  const chars = distance(a, b);
  const longer = Math.max(a.length, b.length);
  return { distance: chars, ratio: longer === 0 ? 0 : chars / longer };
}

import type { AiFeature } from '@helpdesk/db';

export const FEATURE_LABELS: Record<AiFeature, string> = {
  TRIAGE: 'Triage',
  RETRIEVAL: 'Retrieval',
  EMBEDDING: 'Embedding',
  DRAFT: 'Local draft',
  SUMMARY: 'Summary',
  ESCALATED_DRAFT: 'Escalated draft',
};

/** Chart values are plain numbers of dollars; exact figures stay in BigInt micro-dollars everywhere else. */
export function microsToNumber(micros: bigint): number {
  return Number(micros) / 1_000_000;
}

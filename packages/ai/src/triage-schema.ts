import { z } from 'zod';
import { Priority, Sentiment } from '@helpdesk/db';

export const PRIORITIES = Object.values(Priority) as [Priority, ...Priority[]];
export const SENTIMENTS = Object.values(Sentiment) as [Sentiment, ...Sentiment[]];
export const OTHER_CATEGORY = 'other';
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'sv', 'pl', 'ja', 'zh', 'other'] as const;

/**
 * The grammar for what the model generates besides the category. There is no confidence field: a number
 * the model writes about itself is not a probability, so decisions use the scored category choice instead.
 */
export function triageFieldsJsonSchema() {
  return {
    type: 'object',
    properties: {
      priority: { enum: PRIORITIES },
      sentiment: { enum: SENTIMENTS },
      language: { enum: LANGUAGES },
      summary: { type: 'string', maxLength: 120 },
    },
  } as const;
}

/** Unknown keys (a confidence the model volunteers) are stripped, so nothing downstream can read them. */
export const triageFields = z.object({
  priority: z.enum(PRIORITIES),
  sentiment: z.enum(SENTIMENTS),
  language: z.enum(LANGUAGES),
  summary: z.string().max(120),
});

export type TriageFields = z.infer<typeof triageFields>;

/** The model's category: a choice among the allowed keys and `other`, with the probability it gave that choice. */
export interface CategoryChoice {
  key: string;
  /** From the model's token probabilities under the choice constraint (see chooseConstrained), not self-reported. */
  prob: number;
}

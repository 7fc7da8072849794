import { z } from 'zod';
import { Priority, Sentiment } from '@helpdesk/db';

export const PRIORITIES = Object.values(Priority) as [Priority, ...Priority[]];
export const SENTIMENTS = Object.values(Sentiment) as [Sentiment, ...Sentiment[]];
export const OTHER_CATEGORY = 'other';
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'sv', 'pl', 'ja', 'zh', 'other'] as const;

/** The grammar the model must follow; numbers are not bounded by grammars, zod checks them after. */
export function triageJsonSchema(categoryKeys: string[]) {
  return {
    type: 'object',
    properties: {
      category: { enum: [...categoryKeys, OTHER_CATEGORY] },
      priority: { enum: PRIORITIES },
      sentiment: { enum: SENTIMENTS },
      language: { enum: LANGUAGES },
      confidence: { type: 'number' },
      summary: { type: 'string', maxLength: 120 },
    },
  } as const;
}

export function triageOutput(categoryKeys: string[]) {
  return z.object({
    category: z.enum([OTHER_CATEGORY, ...categoryKeys] as [string, ...string[]]),
    priority: z.enum(PRIORITIES),
    sentiment: z.enum(SENTIMENTS),
    language: z.enum(LANGUAGES),
    confidence: z.number().finite(),
    summary: z.string().max(120),
  });
}

export type TriageOutput = z.infer<ReturnType<typeof triageOutput>>;

/** Out-of-range confidences are clamped rather than rejected: the rest of the answer is still usable. */
export function clampConfidence(value: number): { value: number; clamped: boolean } {
  const clamped = Math.min(1, Math.max(0, value));
  return { value: clamped, clamped: clamped !== value };
}

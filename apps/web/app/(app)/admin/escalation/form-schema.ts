import { policyInputSchema } from '@helpdesk/escalation';
import { z } from 'zod';

// Each field pipes into the domain's own rule, so one parse reports every field's problem at once
// (a whole-object pipe would stop at the first stage and show the domain's errors one save at a time).
const rule = policyInputSchema.shape;

/** Optional numeric field: empty means the rule is off. */
const number = (opts: { int?: boolean }) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n))) {
        ctx.addIssue({ code: 'custom', message: opts.int ? 'must be a whole number' : 'must be a number' });
        return z.NEVER;
      }
      return n;
    });

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v));

/** Dollars typed by a person ("50", "12.5") to integer micro-dollars, without a float in between. */
const dollars = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,6})?$/, 'must be an amount in dollars, e.g. 50 or 12.50')
  .transform((v) => {
    const [whole = '0', fraction = ''] = v.split('.');
    return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
  });

/** The admin form as the browser sends it; its output is the domain's PolicyInput. */
export const policyFormSchema = z.object({
  localOnly: z.boolean(),
  confidenceThreshold: rule.confidenceThreshold,
  escalateOutOfScope: z.boolean(),
  categories: rule.categories,
  minPriority: z
    .enum(['', 'LOW', 'NORMAL', 'HIGH', 'URGENT'])
    .transform((v) => (v === '' ? null : v))
    .pipe(rule.minPriority),
  negativeSentiment: z.boolean(),
  vipTag: text(50).pipe(rule.vipTag),
  retrievalScoreThreshold: number({}).pipe(rule.retrievalScoreThreshold),
  maxQuestions: number({ int: true }).pipe(rule.maxQuestions),
  longMessageChars: number({ int: true }).pipe(rule.longMessageChars),
  mediumModel: rule.mediumModel,
  complexModel: rule.complexModel,
  autoSendCategories: rule.autoSendCategories,
  autoSendConfidence: z
    .string()
    .trim()
    .min(1, 'is required')
    .transform(Number)
    .pipe(z.number({ error: 'must be a number' }))
    .pipe(rule.autoSendConfidence),
  monthlyBudgetMicros: dollars.pipe(rule.monthlyBudgetMicros),
  alertWebhookUrl: text(2000).pipe(rule.alertWebhookUrl),
  /** Empty keeps the stored secret. */
  alertWebhookSecret: z
    .string()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(rule.alertWebhookSecret.unwrap().unwrap().optional()),
});

export type PolicyFormValues = z.input<typeof policyFormSchema>;

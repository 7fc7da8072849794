import type { Db } from '@helpdesk/db';
import type { SeededTicket } from './tickets';
import { progress, type Random } from './random';

/** The model names the price catalog seeds (prisma/seed-prices.ts). */
export const LOCAL_MODEL = 'qwen2.5-7b-instruct';
const CLOUD_MEDIUM = 'claude-haiku-4-5';
const CLOUD_COMPLEX = 'claude-sonnet-4-6';

type RecordUsage = (db: Db, input: Record<string, unknown>) => Promise<unknown>;

/**
 * Thirty days of AI history: every ticket was triaged and searched locally; most drafts were local, the hard
 * ones escalated. Written through the real ledger so every cost comes from the price catalog.
 */
export async function seedUsage(db: Db, r: Random, tenantId: string, tickets: SeededTicket[], recordUsage: RecordUsage): Promise<number> {
  let n = 0;
  for (const [i, t] of tickets.entries()) {
    const at = (seconds: number) => new Date(t.createdAt.getTime() + seconds * 1000);
    const base = { tenantId, ticketId: t.id, jobId: `seed-${t.number}`, attempt: 1 };
    const calls: Record<string, unknown>[] = [
      {
        ...base,
        feature: 'TRIAGE',
        model: LOCAL_MODEL,
        provider: 'LOCAL',
        tokensIn: r.int(320, 620),
        tokensOut: r.int(40, 90),
        durationMs: r.int(1200, 4000),
        occurredAt: at(5),
      },
      {
        ...base,
        feature: 'RETRIEVAL',
        model: LOCAL_MODEL,
        provider: 'LOCAL',
        tokensIn: r.int(40, 160),
        tokensOut: 0,
        durationMs: r.int(80, 400),
        occurredAt: at(9),
      },
    ];
    if (r.chance(0.16)) {
      const complex = r.chance(0.3);
      calls.push({
        ...base,
        feature: 'ESCALATED_DRAFT',
        model: complex ? CLOUD_COMPLEX : CLOUD_MEDIUM,
        provider: 'CLOUD',
        tokensIn: r.int(300, 700),
        tokensOut: r.int(180, 420),
        cacheWriteTokens: i < 3 ? 1100 : 0,
        cacheReadTokens: i < 3 ? 0 : 1100,
        durationMs: r.int(2500, 9000),
        reason: complex ? 'confidence below threshold; priority urgent' : 'confidence below threshold',
        occurredAt: at(20),
      });
    } else {
      calls.push({
        ...base,
        feature: 'DRAFT',
        model: LOCAL_MODEL,
        provider: 'LOCAL',
        tokensIn: r.int(700, 1300),
        tokensOut: r.int(120, 260),
        durationMs: r.int(5000, 14000),
        occurredAt: at(20),
      });
    }
    // The `seed:` key prefix marks these rows as demo data wherever a trace shows them (isDemoUsage in @helpdesk/billing).
    for (const [k, call] of calls.entries()) {
      // Simulated history: a local triage or draft stands for a cloud request of the same size (counterfactual.ts).
      const standsForCloud = call.provider === 'LOCAL' && (call.feature === 'TRIAGE' || call.feature === 'DRAFT');
      const cloudTokens = standsForCloud ? { cloudTokensIn: call.tokensIn, cloudTokensOut: call.tokensOut } : {};
      await recordUsage(db, {
        ...call,
        ...cloudTokens,
        computeMs: call.provider === 'LOCAL' ? call.durationMs : 0,
        idempotencyKey: `seed:${t.number}:${k}`,
      });
      n++;
    }
    progress('AI usage', i + 1, tickets.length);
  }
  return n;
}

import type { Db } from '@helpdesk/db';
import type { Example } from './datasets';
import { classifierText, CLASSIFIER_TEXT_MESSAGES } from './ticket-text';

export const MIN_LABELS_PER_CATEGORY = 5;
export const MIN_LABELS_TOTAL = 50;

export interface TenantLabels {
  examples: (Example & { ticketId: string })[];
  /** Labels per active category key, including categories with too few to learn yet. */
  perCategory: Record<string, number>;
}

/**
 * One label per ticket: the latest agent correction (TriageLabel 'category') wins; otherwise the ticket's
 * category, unless the AI's own triage chose it (training on our own guesses would only confirm them).
 * The text comes from `classifierText`, the function triage uses on the same ticket.
 */
export async function collectTenantLabels(db: Db, tenantId: string): Promise<TenantLabels> {
  const categories = await db.category.findMany({ where: { tenantId, active: true }, select: { id: true, key: true } });
  const keyById = new Map(categories.map((c) => [c.id, c.key]));
  const activeKeys = new Set(categories.map((c) => c.key));

  const corrections = await db.triageLabel.findMany({
    where: { tenantId, field: 'category' },
    orderBy: { createdAt: 'asc' },
    select: { ticketId: true, toValue: true },
  });
  const labelByTicket = new Map<string, string>();
  for (const c of corrections) labelByTicket.set(c.ticketId, c.toValue);

  const categorised = await db.ticket.findMany({
    where: { tenantId, categoryId: { not: null } },
    select: {
      id: true,
      categoryId: true,
      triageResults: { where: { tenantId }, orderBy: { contentVersion: 'desc' }, take: 1, select: { categoryKey: true, source: true } },
    },
  });
  for (const t of categorised) {
    if (labelByTicket.has(t.id)) continue;
    const key = keyById.get(t.categoryId ?? '');
    if (!key) continue;
    const triage = t.triageResults[0];
    if (triage && triage.source !== 'AGENT' && triage.categoryKey === key) continue;
    labelByTicket.set(t.id, key);
  }

  const ticketIds = [...labelByTicket.keys()];
  const tickets = await db.ticket.findMany({
    where: { tenantId, id: { in: ticketIds } },
    select: {
      id: true,
      subject: true,
      messages: {
        where: { tenantId, kind: 'CUSTOMER' },
        orderBy: { createdAt: 'asc' },
        take: CLASSIFIER_TEXT_MESSAGES,
        select: { bodyText: true },
      },
    },
  });
  const perCategory: Record<string, number> = Object.fromEntries(categories.map((c) => [c.key, 0]));
  const examples: TenantLabels['examples'] = [];
  for (const t of tickets) {
    const label = labelByTicket.get(t.id)!;
    if (!activeKeys.has(label)) continue;
    const text = classifierText(
      t.subject,
      t.messages.map((m) => m.bodyText),
    );
    if (!text) continue;
    examples.push({ ticketId: t.id, text, label });
    perCategory[label] = (perCategory[label] ?? 0) + 1;
  }
  examples.sort((a, b) => a.ticketId.localeCompare(b.ticketId));
  return { examples, perCategory };
}

export interface LabelReadiness {
  ready: boolean;
  total: number;
  learnable: string[];
  short: { key: string; count: number; needed: number }[];
  message: string;
}

/** Categories with fewer than the minimum are left out of training; the rest must still add up. */
export function labelReadiness(perCategory: Record<string, number>): LabelReadiness {
  const learnable = Object.keys(perCategory)
    .filter((k) => perCategory[k]! >= MIN_LABELS_PER_CATEGORY)
    .sort();
  const short = Object.entries(perCategory)
    .filter(([, n]) => n < MIN_LABELS_PER_CATEGORY)
    .map(([key, count]) => ({ key, count, needed: MIN_LABELS_PER_CATEGORY - count }));
  const total = learnable.reduce((sum, k) => sum + perCategory[k]!, 0);
  const ready = learnable.length >= 2 && total >= MIN_LABELS_TOTAL;
  const message = ready
    ? `Training on ${total} labels across ${learnable.length} categories.`
    : `Not enough labels yet: the classifier needs at least ${MIN_LABELS_PER_CATEGORY} labelled tickets in each of at least 2 categories and ${MIN_LABELS_TOTAL} overall; ` +
      `there are ${total} usable labels in ${learnable.length} categor${learnable.length === 1 ? 'y' : 'ies'}` +
      `${total < MIN_LABELS_TOTAL ? ` (${MIN_LABELS_TOTAL - total} more needed)` : ''}. Triage keeps using the local model until then.`;
  return { ready, total, learnable, short, message };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, NotFoundError, ValidationError, type Db } from '@helpdesk/db';
import { createRedis, getQueue, jobs, closeQueues } from '@helpdesk/jobs';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import type { Redis } from 'ioredis';
import {
  cascadeCandidates,
  cascadeDecision,
  collectTenantLabels,
  deserializeClassifier,
  evaluate,
  loadActiveClassifier,
  promotionHoldout,
  sweepRetrains,
  requestTrainingNow,
  rollback,
  shouldRetrain,
  trainTenantClassifier,
  classifierText,
} from '../src/index';
import { addLabelledTickets, clincOutOfScope, rowsOf } from './fixtures';

const CATEGORIES = ['card_arrival', 'exchange_rate', 'lost_or_stolen_card', 'cash_withdrawal_charge'];

let db: Db;
let redis: Redis;
let drop: () => Promise<void>;

beforeAll(async () => {
  const test = await createTestDatabase();
  drop = test.drop;
  db = createDb(test.url);
  redis = createRedis('redis://127.0.0.1:6379/4');
  await redis.flushdb();
});

afterAll(async () => {
  await closeQueues();
  redis.disconnect();
  await db.$disconnect();
  await drop();
});

describe('trainTenantClassifier', () => {
  it('says how many labels are missing and trains nothing when there are too few', async () => {
    const tenant = await makeTenant(db);
    await addLabelledTickets(db, tenant.id, rowsOf(CATEGORIES.slice(0, 3), 4));
    const result = await trainTenantClassifier(db, tenant.id);
    expect(result.status).toBe('insufficient_labels');
    if (result.status !== 'insufficient_labels') return;
    expect(result.message).toContain('at least 5 labelled tickets in each of at least 2 categories and 50 overall');
    expect(result.readiness.short).toEqual(expect.arrayContaining([{ key: 'card_arrival', count: 4, needed: 1 }]));
    expect(await db.classifierModel.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await loadActiveClassifier(db, tenant.id)).toBeNull();
    expect(await shouldRetrain(db, tenant.id)).toBe(false);
  });

  it('learns a tenant taxonomy from agent labels, stores metrics and serves predictions through the cascade', async () => {
    const tenant = await makeTenant(db);
    await addLabelledTickets(db, tenant.id, rowsOf(CATEGORIES, 18));
    expect(await shouldRetrain(db, tenant.id)).toBe(true);

    const result = await trainTenantClassifier(db, tenant.id);
    expect(result.status).toBe('trained');
    if (result.status !== 'trained') return;
    expect(result.version).toBe(1);
    expect(result.activated).toBe(true);
    expect(result.metrics.categories).toEqual([...CATEGORIES].sort());
    expect(result.metrics.accuracy).toBeGreaterThan(0.7);
    expect(result.metrics.perCategory.map((c) => c.key)).toEqual([...CATEGORIES].sort());
    // The served weights never saw the held-back tickets its metrics come from.
    expect(result.metrics.trainedOn! + result.metrics.holdout).toBe(72);
    expect(result.metrics.comparison).toMatchObject({
      activeVersion: null,
      activeAccuracy: null,
      candidateAccuracy: result.metrics.accuracy,
    });

    const row = await db.classifierModel.findFirstOrThrow({ where: { tenantId: tenant.id, version: 1 } });
    expect(row.status).toBe('READY');
    expect(row.labelCount).toBe(72);
    expect(row.weights!.length).toBeGreaterThan(1000);
    expect((row.curve as { accuracy: number }[]).length).toBeGreaterThan(5);

    const active = await loadActiveClassifier(db, tenant.id);
    expect(active?.version).toBe(1);
    expect(active!.thresholds.final).toBe(result.metrics.settleThreshold ?? 0.85);
    // Rows the model never saw: it should get most of them right.
    const probe = rowsOf(CATEGORIES, 10, 30);
    const right = probe.filter((e) => active!.predict(e.text).ranked[0]!.key === e.label).length;
    expect(right / probe.length).toBeGreaterThan(0.8);

    const decisions = probe.map((e) => cascadeDecision(active!.predict(e.text), { final: 0.8, local: 0.3 }));
    expect(decisions.filter((d) => d === 'final').length).toBeGreaterThan(probe.length / 2);

    // Queries no intent covers (CLINC150's out-of-scope set): most are flagged and escalated, while
    // few in-scope tickets are.
    const oos = clincOutOfScope();
    const flagged = oos.filter((text) => active!.predict(text).outOfScope);
    // The floor sits at the 3 % quantile of the in-scope scores, which 56 training labels only place roughly
    // (with the fixed ticket ids, 14 % of these are flagged); what must hold is the separation.
    const inScopeFlagged = probe.filter((e) => active!.predict(e.text).outOfScope).length / probe.length;
    expect(flagged.length / oos.length).toBeGreaterThan(0.1);
    expect(inScopeFlagged).toBeLessThan(0.1);
    expect(flagged.length / oos.length).toBeGreaterThan(3 * inScopeFlagged);
    for (const text of flagged) expect(cascadeDecision(active!.predict(text))).toBe('escalate');

    // Two intents at once: not confident enough to be final, so the local model picks between the top ones.
    const mixed = active!.predict('My card has still not arrived. Also what exchange rate do you use?');
    expect(cascadeDecision(mixed, { final: 0.9, local: 0.2 })).toBe('local_model');
    expect(cascadeCandidates(mixed).map((c) => c.key)).toEqual(expect.arrayContaining(['card_arrival', 'exchange_rate']));
  });

  it('keeps a worse version inactive, rolls back on request and retrains once enough new labels arrive', async () => {
    const tenant = await makeTenant(db);
    await addLabelledTickets(db, tenant.id, rowsOf(CATEGORIES, 15));
    const first = await trainTenantClassifier(db, tenant.id);
    expect(first.status).toBe('trained');
    expect(await shouldRetrain(db, tenant.id)).toBe(false);

    await addLabelledTickets(db, tenant.id, rowsOf(CATEGORIES, 6, 15));
    expect(await sweepRetrains(db)).toContain(tenant.id);
    const events = await db.outboxEvent.findMany({ where: { tenantId: tenant.id, type: 'classifier.retrain' } });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({ tenantId: tenant.id, labelCount: 84 });
    expect(jobs.classifierTrain.payload.safeParse(events[0]!.payload).success).toBe(true);

    const second = await trainTenantClassifier(db, tenant.id);
    expect(second.status).toBe('trained');
    if (second.status !== 'trained' || first.status !== 'trained') return;
    expect(second.version).toBe(2);
    // Both versions were scored on the same held-back tickets, which neither trained on.
    const { examples } = await collectTenantLabels(db, tenant.id);
    const { fit, held } = promotionHoldout(examples);
    expect(held.length).toBeGreaterThan(0);
    expect(fit.length + held.length).toBe(84);
    const comparison = second.metrics.comparison!;
    expect(comparison).toMatchObject({
      holdout: held.length,
      activeVersion: 1,
      activeScoredOn: 'same_holdout',
      candidateAccuracy: second.metrics.accuracy,
    });
    const v1 = await db.classifierModel.findFirstOrThrow({ where: { tenantId: tenant.id, version: 1 } });
    expect(comparison.activeAccuracy).toBe(evaluate(deserializeClassifier(v1.weights!), held, null).accuracy);
    expect(second.activated).toBe(comparison.candidateAccuracy >= comparison.activeAccuracy!);
    expect(second.message).toContain('on the same tickets');
    // The first version's holdout is a subset of the second's: membership never moves as labels arrive.
    const firstHeld = new Set(
      promotionHoldout(examples.filter((e) => rowsOf(CATEGORIES, 15).some((r) => r.text === e.text))).held.map((e) => e.ticketId),
    );
    for (const id of firstHeld) expect(held.some((e) => e.ticketId === id)).toBe(true);

    await rollback(db, tenant.id, 1);
    expect((await loadActiveClassifier(db, tenant.id))?.version).toBe(1);
    expect(await db.classifierModel.count({ where: { tenantId: tenant.id, active: true } })).toBe(1);
    await rollback(db, tenant.id, 2);
    expect((await loadActiveClassifier(db, tenant.id))?.version).toBe(2);

    await expect(rollback(db, tenant.id, 9)).rejects.toBeInstanceOf(NotFoundError);
    await db.classifierModel.create({ data: { tenantId: tenant.id, version: 3, status: 'FAILED', labelCount: 0, error: 'boom' } });
    await expect(rollback(db, tenant.id, 3)).rejects.toBeInstanceOf(ValidationError);
    // Another tenant's versions are out of reach.
    const other = await makeTenant(db);
    await expect(rollback(db, other.id, 1)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('queues a training job when an admin asks, even without new labels', async () => {
    const tenant = await makeTenant(db);
    await addLabelledTickets(db, tenant.id, rowsOf(CATEGORIES, 13));
    const status = await requestTrainingNow(db, redis, tenant.id, 'user-1');
    expect(status).toMatchObject({ due: true, labelCount: 52 });
    const waiting = await getQueue(jobs.classifierTrain.queue, redis).getJobs(['waiting', 'delayed']);
    const mine = waiting.filter((j) => j.data.tenantId === tenant.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.data).toEqual({ tenantId: tenant.id, requestedBy: 'user-1', labelCount: 52 });

    const few = await makeTenant(db);
    await addLabelledTickets(db, few.id, rowsOf(CATEGORIES, 2));
    expect((await requestTrainingNow(db, redis, few.id, 'user-1')).due).toBe(false);
  });

  it('counts a ticket whose AI category an agent confirmed, but not one the AI alone chose', async () => {
    const tenant = await makeTenant(db);
    await addLabelledTickets(db, tenant.id, rowsOf(CATEGORIES, 1));
    const category = await db.category.findFirstOrThrow({ where: { tenantId: tenant.id, key: 'exchange_rate' } });
    const customer = await db.customer.findFirstOrThrow({ where: { tenantId: tenant.id } });
    const ticket = await db.ticket.create({
      data: {
        tenantId: tenant.id,
        number: 100,
        subject: 'Rates',
        channel: 'API',
        customerId: customer.id,
        categoryId: category.id,
        messages: {
          create: [
            { tenantId: tenant.id, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'What rate do you use?' },
            { tenantId: tenant.id, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'For euros.' },
          ],
        },
      },
    });
    await db.triageResult.create({
      data: {
        tenantId: tenant.id,
        ticketId: ticket.id,
        contentVersion: 1,
        categoryKey: 'exchange_rate',
        priority: 'NORMAL',
        sentiment: 'NEUTRAL',
        language: 'en',
        confidence: 0.9,
        summary: 'rates',
        source: 'CLASSIFIER',
        candidates: [],
        modelId: 'test',
        promptVersion: 'test',
        durationMs: 1,
      },
    });
    const before = await collectTenantLabels(db, tenant.id);
    expect(before.examples.some((e) => e.ticketId === ticket.id)).toBe(false);

    // The agent keeps the AI's category in the triage chip: a label whose from and to are the same.
    await db.triageLabel.create({
      data: {
        tenantId: tenant.id,
        ticketId: ticket.id,
        field: 'category',
        fromValue: 'exchange_rate',
        toValue: 'exchange_rate',
        userId: null,
      },
    });
    const after = await collectTenantLabels(db, tenant.id);
    const confirmed = after.examples.find((e) => e.ticketId === ticket.id);
    expect(confirmed).toEqual({
      ticketId: ticket.id,
      label: 'exchange_rate',
      text: classifierText('Rates', ['What rate do you use?', 'For euros.']),
    });
    expect(confirmed!.text).toBe('Rates\nWhat rate do you use?\n\nFor euros.');
    expect(after.perCategory.exchange_rate).toBe(before.perCategory.exchange_rate! + 1);
  });
});

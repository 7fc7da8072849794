import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ensureBudget, release, reserve, settle } from '../src/budget';
import { deliverBudgetAlert, SIGNATURE_HEADER } from '../src/budget-alert';
import { makeTenant } from './fixtures';
import { useTestDb } from './world';

const w = useTestDb();

async function tenantWithBudget(limitMicros: bigint) {
  const tenant = await makeTenant(w.db);
  await w.db.escalationPolicy.create({
    data: { tenantId: tenant.id, categories: [], autoSendCategories: [], monthlyBudgetMicros: limitMicros },
  });
  return tenant;
}

describe('budget', () => {
  it('50 concurrent escalations against a small budget never hold or spend past the limit', async () => {
    const tenant = await tenantWithBudget(1_000n);
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const hold = await reserve(w.db, tenant.id, `job-${i}`, 90n);
        if (hold.ok) await settle(w.db, tenant.id, `job-${i}`, 60n + BigInt(i % 30));
        return hold.ok;
      }),
    );
    const budget = await w.db.budget.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(11);
    expect(budget.reservedMicros).toBe(0n);
    // At most one call's worth beyond the limit, whatever the interleaving.
    expect(budget.spentMicros).toBeLessThanOrEqual(1_000n + 90n);
    const settled = await w.db.budgetReservation.aggregate({
      where: { tenantId: tenant.id, status: 'SETTLED' },
      _sum: { settledMicros: true },
    });
    expect(settled._sum.settledMicros).toBe(budget.spentMicros);
    expect((await reserve(w.db, tenant.id, 'one-more', 1_000n)).ok).toBe(false);
  });

  it('reserving a key twice holds once; release returns the hold', async () => {
    const tenant = await tenantWithBudget(1_000n);
    expect((await reserve(w.db, tenant.id, 'k', 400n)).ok).toBe(true);
    expect((await reserve(w.db, tenant.id, 'k', 400n)).ok).toBe(true);
    expect((await ensureBudget(w.db, tenant.id)).reservedMicros).toBe(400n);
    await release(w.db, tenant.id, 'k');
    await release(w.db, tenant.id, 'k');
    expect((await ensureBudget(w.db, tenant.id)).reservedMicros).toBe(0n);
  });

  it('fires the 80/95/100 % alerts once each, with a notification and an outbox event', async () => {
    const tenant = await tenantWithBudget(1_000n);
    const spend = async (key: string, amount: bigint) => {
      expect((await reserve(w.db, tenant.id, key, amount)).ok).toBe(true);
      await settle(w.db, tenant.id, key, amount);
    };
    await spend('a', 700n);
    expect(await w.db.budgetAlert.count({ where: { tenantId: tenant.id } })).toBe(0);
    await spend('b', 150n);
    await spend('c', 10n);
    await spend('d', 140n);
    await settle(w.db, tenant.id, 'd', 140n);
    const alerts = await w.db.budgetAlert.findMany({ where: { tenantId: tenant.id }, orderBy: { threshold: 'asc' } });
    expect(alerts.map((a) => a.threshold)).toEqual([80, 95, 100]);
    expect(await w.db.notification.count({ where: { tenantId: tenant.id, kind: 'budget.alert' } })).toBe(3);
    const events = await w.db.outboxEvent.findMany({ where: { tenantId: tenant.id, type: 'budget.alert' } });
    expect(events.map((e) => (e.payload as { alertId: string }).alertId).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('delivers an alert to the webhook signed with HMAC-SHA256 of the body', async () => {
    const tenant = await tenantWithBudget(100n);
    const secret = 'a-webhook-secret-of-length';
    const received: { body: string; signature: string | undefined }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await w.db.tenant.update({ where: { id: tenant.id }, data: { alertWebhookUrl: url, alertWebhookSecret: secret } });
    await reserve(w.db, tenant.id, 'x', 100n);
    await settle(w.db, tenant.id, 'x', 100n);
    const alert = await w.db.budgetAlert.findFirstOrThrow({ where: { tenantId: tenant.id, threshold: 100 } });

    // The test server is on loopback, which only a named allow-listed host may reach.
    expect(await deliverBudgetAlert(w.db, alert.id, { tenantId: tenant.id, allowedPrivateHosts: ['127.0.0.1'] })).toBe('delivered 204');
    server.close();
    expect(received).toHaveLength(1);
    const { body, signature } = received[0]!;
    expect(signature).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    expect(JSON.parse(body)).toMatchObject({
      type: 'budget.alert',
      threshold: 100,
      tenantId: tenant.id,
      spentMicros: '100',
      limitMicros: '100',
    });

    await w.db.tenant.update({ where: { id: tenant.id }, data: { alertWebhookUrl: 'http://127.0.0.1:9/closed' } });
    await expect(deliverBudgetAlert(w.db, alert.id, { tenantId: tenant.id, allowedPrivateHosts: ['127.0.0.1'] })).rejects.toThrow(
      /webhook failed/,
    );
    expect((await w.db.budgetAlert.findFirstOrThrow({ where: { id: alert.id, tenantId: tenant.id } })).webhookStatus).toMatch(/^failed/);
  });
});

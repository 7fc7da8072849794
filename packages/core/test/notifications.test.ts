import { describe, expect, it } from 'vitest';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from '../src/index';
import { makeTenantWithAgent } from './helpers';
import { makeMember } from '@helpdesk/testkit';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();

describe('notifications', () => {
  it('shows budget alerts to those who may see billing, personal ones to their user, and nothing of another tenant', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const agent = await makeMember(fx.db, tenant.id, 'AGENT');
    const viewer = await makeMember(fx.db, tenant.id, 'BILLING_VIEWER');
    const other = await makeTenantWithAgent(fx.db, 'ADMIN');
    await fx.db.notification.createMany({
      data: [
        { tenantId: tenant.id, kind: 'budget.alert', title: 'AI budget 80% used', body: 'b' },
        { tenantId: tenant.id, userId: agent.id, kind: 'mention', title: 'You were mentioned', body: 'm' },
        { tenantId: other.tenant.id, kind: 'budget.alert', title: 'Other tenant', body: 'o' },
      ],
    });
    expect((await listNotifications(fx.db, admin)).items.map((n) => n.title)).toEqual(['AI budget 80% used']);
    expect((await listNotifications(fx.db, viewer)).items.map((n) => n.title)).toEqual(['AI budget 80% used']);
    expect((await listNotifications(fx.db, agent)).items.map((n) => n.title)).toEqual(['You were mentioned']);
    expect(await unreadNotificationCount(fx.db, admin)).toBe(1);
  });

  it('marks read for the team, one or all, and never what the member cannot see', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const agent = await makeMember(fx.db, tenant.id, 'AGENT');
    await fx.db.notification.createMany({
      data: [
        { tenantId: tenant.id, kind: 'budget.alert', title: 'AI budget 50% used', body: 'b' },
        { tenantId: tenant.id, kind: 'budget.alert', title: 'AI budget 80% used', body: 'b' },
      ],
    });
    // An agent may not see budget alerts, so marking "all" as an agent leaves them unread.
    expect(await markNotificationsRead(fx.db, agent, {})).toBe(0);
    const [first] = (await listNotifications(fx.db, admin)).items;
    expect(await markNotificationsRead(fx.db, admin, { id: first!.id })).toBe(1);
    expect(await unreadNotificationCount(fx.db, admin)).toBe(1);
    expect(await markNotificationsRead(fx.db, admin, {})).toBe(1);
    expect(await unreadNotificationCount(fx.db, admin)).toBe(0);
    const viewer = await makeMember(fx.db, tenant.id, 'BILLING_VIEWER');
    expect((await listNotifications(fx.db, viewer)).items.every((n) => n.read)).toBe(true);
  });

  it('answers not found for another tenant’s notification and leaves it unread', async () => {
    const { agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const other = await makeTenantWithAgent(fx.db, 'ADMIN');
    const foreign = await fx.db.notification.create({
      data: { tenantId: other.tenant.id, kind: 'budget.alert', title: 'theirs', body: 'b' },
    });
    await expect(markNotificationsRead(fx.db, admin, { id: foreign.id })).rejects.toMatchObject({ status: 404 });
    expect(await unreadNotificationCount(fx.db, other.agent)).toBe(1);
  });

  it('refuses an over-long id with a field error', async () => {
    const { agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    await expect(markNotificationsRead(fx.db, admin, { id: 'x'.repeat(65) })).rejects.toMatchObject({ field: 'id', status: 400 });
  });
});

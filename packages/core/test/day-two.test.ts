import { describe, expect, it } from 'vitest';
import { createTicket, updateTicket, createMacro, applyMacro } from '../src/index';
import { describeAudit, ticketActivity } from '../src/activity';
import { createGroup, deleteGroup, listGroups, renameGroup, setGroupMembers } from '../src/groups';
import { PRIORITY_LABEL, STATUS_LABEL } from '../src/labels';
import { deleteTag, listTagSummaries, mergeTags, renameTag } from '../src/tag-admin';
import { createAnotherWorkspace } from '../src/workspaces';
import { customerActor, makeTenantWithAgent } from './helpers';
import { makeMember } from '@helpdesk/testkit';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();

async function ticketWithTags(tenantId: string, tags: string[], subject = 'T') {
  return createTicket(fx.db, customerActor(tenantId), {
    subject,
    bodyText: 'x',
    customer: { email: `${subject.toLowerCase()}@c.test` },
    tags,
  });
}

const tagsOf = async (tenantId: string, ticketId: string) =>
  (await fx.db.ticketTag.findMany({ where: { tenantId, ticketId }, select: { tag: { select: { name: true } } } }))
    .map((t) => t.tag.name)
    .sort();

describe('tags', () => {
  it('renames on every ticket, refuses a name in use, and counts tickets', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const a = await ticketWithTags(tenant.id, ['refnd', 'vip'], 'A');
    await ticketWithTags(tenant.id, ['refnd'], 'B');
    const before = await listTagSummaries(fx.db, tenant.id);
    expect(before.map((t) => [t.name, t.tickets])).toEqual([
      ['refnd', 2],
      ['vip', 1],
    ]);
    const refnd = before.find((t) => t.name === 'refnd')!;
    await expect(renameTag(fx.db, admin, refnd.id, 'VIP')).rejects.toMatchObject({ status: 409, field: 'name' });
    await expect(renameTag(fx.db, admin, refnd.id, 'bad name!')).rejects.toMatchObject({ status: 400, field: 'name' });
    expect(await renameTag(fx.db, admin, refnd.id, ' Refund ')).toEqual({ id: refnd.id, name: 'refund', tickets: 2 });
    expect(await tagsOf(tenant.id, a.id)).toEqual(['refund', 'vip']);
  });

  it('merges a tag into another: tickets with both keep one, the source is gone', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const both = await ticketWithTags(tenant.id, ['billing', 'invoice'], 'Both');
    const only = await ticketWithTags(tenant.id, ['invoice'], 'Only');
    const tags = await listTagSummaries(fx.db, tenant.id);
    const [billing, invoice] = [tags.find((t) => t.name === 'billing')!, tags.find((t) => t.name === 'invoice')!];
    expect(await mergeTags(fx.db, admin, invoice.id, billing.id)).toEqual({ moved: 1 });
    expect(await tagsOf(tenant.id, both.id)).toEqual(['billing']);
    expect(await tagsOf(tenant.id, only.id)).toEqual(['billing']);
    expect((await listTagSummaries(fx.db, tenant.id)).map((t) => [t.name, t.tickets])).toEqual([['billing', 2]]);
    await expect(mergeTags(fx.db, admin, billing.id, billing.id)).rejects.toMatchObject({ field: 'targetId' });
  });

  it('deletes a tag from its tickets; agents and other tenants cannot touch tags', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const other = await makeTenantWithAgent(fx.db, 'ADMIN');
    const t = await ticketWithTags(tenant.id, ['old', 'keep'], 'D');
    const old = (await listTagSummaries(fx.db, tenant.id)).find((x) => x.name === 'old')!;
    const agent = await makeMember(fx.db, tenant.id, 'AGENT');
    await expect(deleteTag(fx.db, agent, old.id)).rejects.toMatchObject({ status: 403 });
    await expect(deleteTag(fx.db, other.agent, old.id)).rejects.toMatchObject({ status: 404 });
    await expect(renameTag(fx.db, other.agent, old.id, 'mine')).rejects.toMatchObject({ status: 404 });
    const keep = (await listTagSummaries(fx.db, tenant.id)).find((x) => x.name === 'keep')!;
    await expect(mergeTags(fx.db, other.agent, old.id, keep.id)).rejects.toMatchObject({ status: 404 });
    expect(await deleteTag(fx.db, admin, old.id)).toEqual({ tickets: 1 });
    expect(await tagsOf(tenant.id, t.id)).toEqual(['keep']);
  });
});

describe('groups', () => {
  it('creates, renames, sets members and deletes, keeping tickets', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const sam = await makeMember(fx.db, tenant.id, 'AGENT', 'Sam');
    const billingViewer = await makeMember(fx.db, tenant.id, 'BILLING_VIEWER', 'Bill');
    const other = await makeTenantWithAgent(fx.db, 'ADMIN');
    const group = await createGroup(fx.db, admin, ' Tier 1 ');
    expect(group.name).toBe('Tier 1');
    await expect(createGroup(fx.db, admin, 'Tier 1')).rejects.toMatchObject({ status: 409, field: 'name' });
    await expect(createGroup(fx.db, admin, '  ')).rejects.toMatchObject({ status: 400, field: 'name' });
    await renameGroup(fx.db, admin, group.id, 'Billing team');
    await setGroupMembers(fx.db, admin, group.id, [sam.id!, admin.id!]);
    await expect(setGroupMembers(fx.db, admin, group.id, [billingViewer.id!])).rejects.toMatchObject({ field: 'userIds' });
    await expect(setGroupMembers(fx.db, admin, group.id, [other.agent.id!])).rejects.toMatchObject({ field: 'userIds' });
    await expect(renameGroup(fx.db, other.agent, group.id, 'Mine')).rejects.toMatchObject({ status: 404 });
    const ticket = await ticketWithTags(tenant.id, [], 'G');
    await updateTicket(fx.db, admin, ticket.id, { groupId: group.id, assigneeId: sam.id });
    expect(await listGroups(fx.db, tenant.id)).toEqual([
      {
        id: group.id,
        name: 'Billing team',
        tickets: 1,
        members: [
          { id: admin.id, name: 'Agent' },
          { id: sam.id, name: 'Sam' },
        ],
      },
    ]);
    await setGroupMembers(fx.db, admin, group.id, [sam.id!]);
    expect((await listGroups(fx.db, tenant.id))[0]?.members).toEqual([{ id: sam.id, name: 'Sam' }]);
    expect(await deleteGroup(fx.db, admin, group.id)).toEqual({ tickets: 1 });
    expect(await fx.db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId: tenant.id } })).toMatchObject({
      groupId: null,
      assigneeId: sam.id,
    });
  });
});

describe('another workspace', () => {
  it('makes the user its owner and starts local-only with default SLAs', async () => {
    const { tenant, agent } = await makeTenantWithAgent(fx.db, 'AGENT');
    await expect(createAnotherWorkspace(fx.db, agent.id!, { tenantName: 'x' })).rejects.toMatchObject({ status: 400, field: 'tenantName' });
    const created = await createAnotherWorkspace(fx.db, agent.id!, { tenantName: 'Second shop' });
    expect(created.id).not.toBe(tenant.id);
    const memberships = await fx.systemDb.membership.findMany({ where: { userId: agent.id! }, select: { tenantId: true, role: true } });
    expect(memberships).toEqual(
      expect.arrayContaining([
        { tenantId: tenant.id, role: 'AGENT' },
        { tenantId: created.id, role: 'OWNER' },
      ]),
    );
    expect(await fx.db.escalationPolicy.findUnique({ where: { tenantId: created.id } })).toMatchObject({
      localOnly: true,
      updatedById: null,
    });
    expect(await fx.db.slaPolicy.count({ where: { tenantId: created.id } })).toBe(4);
  });
});

describe('activity in words', () => {
  it('describes every change of a ticket as sentences, never raw keys', async () => {
    const { tenant, agent: alex } = await makeTenantWithAgent(fx.db, 'ADMIN');
    await fx.db.user.update({ where: { id: alex.id! }, data: { name: 'Alex' } });
    const sam = await makeMember(fx.db, tenant.id, 'AGENT', 'Sam');
    const group = await createGroup(fx.db, alex, 'Tier 2');
    await fx.db.category.create({ data: { tenantId: tenant.id, key: 'billing', name: 'Billing' } });
    const ticket = await ticketWithTags(tenant.id, ['old'], 'Words');
    await updateTicket(fx.db, alex, ticket.id, {
      status: 'OPEN',
      priority: 'HIGH',
      assigneeId: sam.id,
      groupId: group.id,
      categoryKey: 'billing',
      addTags: ['vip'],
      removeTags: ['old'],
    });
    await updateTicket(fx.db, alex, ticket.id, { assigneeId: null, categoryKey: null });
    const macro = await createMacro(fx.db, alex, { name: 'Thanks', body: 'Thanks' });
    await applyMacro(fx.db, alex, ticket.id, macro.id);
    await fx.db.escalationDecision.create({
      data: {
        tenantId: tenant.id,
        ticketId: ticket.id,
        contentVersion: 1,
        escalate: true,
        tier: 'medium',
        model: 'claude-haiku-4-5',
        reasons: ['out of scope'],
      },
    });
    await fx.db.aiDraft.create({
      data: {
        tenantId: tenant.id,
        ticketId: ticket.id,
        contentVersion: 1,
        body: 'b',
        citations: [],
        source: 'LOCAL',
        status: 'APPROVED',
        modelId: 'm',
        promptVersion: 'p',
        approvedById: alex.id,
      },
    });
    await fx.db.ticket.update({ where: { id: ticket.id, tenantId: tenant.id }, data: { slaBreachedAt: new Date(Date.now() + 1000) } });

    const sentences = (await ticketActivity(fx.db, tenant.id, ticket.id)).flatMap((i) => i.sentences);
    expect(sentences).toEqual(
      expect.arrayContaining([
        'Ticket created by words@c.test (contact form)',
        'Status changed from New to Open by Alex',
        'Priority changed from Normal to High by Alex',
        'Assigned to Sam by Alex',
        'Moved to the group Tier 2 by Alex',
        'Category changed from Uncategorised to Billing by Alex',
        'Tag vip added by Alex',
        'Tag old removed by Alex',
        'Unassigned by Alex',
        'Category changed from Billing to Uncategorised by Alex',
        'Macro “Thanks” applied by Alex',
        'Escalated to the cloud model claude-haiku-4-5: out of scope',
        'Local model draft approved by Alex',
        'SLA breached',
      ]),
    );
    expect(sentences[0]).toBe('SLA breached');
    for (const s of sentences) expect(s).not.toMatch(/\b(?!SLA\b)[A-Z]{3,}|[a-z]+Id\b|[a-z]+\.[a-z]+ by|\{/);
  });

  it('an unknown action still reads as words, and labels follow the enums', () => {
    const names = { users: new Map([['u1', 'Kim']]), groups: new Map(), categories: new Map() };
    expect(describeAudit({ action: 'sla.reminder_sent', actorType: 'SYSTEM', actorId: null, entityId: 't', changes: null }, names)).toEqual(
      ['Sla reminder sent by the system'],
    );
    expect(
      describeAudit(
        {
          action: 'triage.corrected',
          actorType: 'USER',
          actorId: 'u1',
          entityId: 't',
          changes: { sentiment: { from: 'NEGATIVE', to: 'VERY_NEGATIVE' } },
        },
        names,
      ),
    ).toEqual(['Sentiment changed from Negative to Very negative by Kim']);
    expect(PRIORITY_LABEL.HIGH).toBe('High');
    expect(STATUS_LABEL.ON_HOLD).toBe('On hold');
  });
});

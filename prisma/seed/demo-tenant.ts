import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Db, Priority, Role } from '@helpdesk/db';

export const DEMO_PASSWORD = 'demo-password-1';

export const demoUsers: { email: string; name: string; role: Role }[] = [
  { email: 'owner@acme.test', name: 'Olivia Owner', role: 'OWNER' },
  { email: 'admin@acme.test', name: 'Adam Admin', role: 'ADMIN' },
  { email: 'agent@acme.test', name: 'Alex Agent', role: 'AGENT' },
  { email: 'billing@acme.test', name: 'Bea Billing', role: 'BILLING_VIEWER' },
];

export const DEMO_CATEGORIES: readonly string[] = [
  'card_arrival',
  'lost_or_stolen_card',
  'compromised_card',
  'card_not_working',
  'declined_card_payment',
  'pending_transfer',
  'transfer_not_received_by_recipient',
  'request_refund',
  'Refund_not_showing_up',
  'extra_charge_on_statement',
  'cash_withdrawal_charge',
  'top_up_failed',
  'verify_my_identity',
  'exchange_rate',
  'passcode_forgotten',
];

export const slaTargets: Record<Priority, { first: number; resolution: number }> = {
  URGENT: { first: 30, resolution: 4 * 60 },
  HIGH: { first: 60, resolution: 8 * 60 },
  NORMAL: { first: 4 * 60, resolution: 24 * 60 },
  LOW: { first: 8 * 60, resolution: 72 * 60 },
};

export function humanize(key: string): string {
  const s = key.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Tenant, users with one role each, taxonomy, SLA policies, escalation policy, tags and macros. */
export async function createDemoTenant(db: Db, categories: string[]) {
  const passwordHash = await argon2.hash(DEMO_PASSWORD);
  const tenant = await db.tenant.create({
    data: { name: 'Acme Support', slug: 'acme', inboundAlias: 'acme', inboundSecret: randomBytes(24).toString('hex'), roundRobin: false },
  });
  const users = [];
  for (const u of demoUsers) {
    const user = await db.user.upsert({ where: { email: u.email }, create: { email: u.email, name: u.name, passwordHash }, update: {} });
    await db.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: u.role } });
    users.push({ ...user, role: u.role });
  }
  await db.category.createMany({ data: categories.map((key) => ({ tenantId: tenant.id, key, name: humanize(key) })) });
  await db.slaPolicy.createMany({
    data: (Object.keys(slaTargets) as Priority[]).map((priority) => ({
      tenantId: tenant.id,
      priority,
      firstResponseMinutes: slaTargets[priority].first,
      resolutionMinutes: slaTargets[priority].resolution,
    })),
  });
  await db.escalationPolicy.create({
    data: { tenantId: tenant.id, categories: ['lost_or_stolen_card', 'compromised_card'], autoSendCategories: [] },
  });
  await db.tag.createMany({ data: ['vip', 'refund', 'bug', 'fraud', 'follow-up'].map((name) => ({ tenantId: tenant.id, name })) });
  await db.macro.createMany({
    data: [
      {
        tenantId: tenant.id,
        name: 'Card on its way',
        body: 'Hi {{customer.name}},\n\nYour card is on its way and usually arrives within 3–5 working days. Reply to ticket #{{ticket.number}} if it has not arrived after 10.\n\nBest,\n{{agent.name}}',
        actions: { status: 'PENDING', addTags: ['follow-up'] },
      },
      {
        tenantId: tenant.id,
        name: 'Refund explained',
        body: 'Hi {{customer.name}},\n\nMerchant refunds take up to 5 working days to appear, sometimes 15. We will keep ticket #{{ticket.number}} open until it arrives.\n\n{{agent.name}}',
        actions: { status: 'PENDING', addTags: ['refund'] },
      },
      {
        tenantId: tenant.id,
        name: 'Solved, thanks',
        body: 'Hi {{customer.name}},\n\nGlad we could help. This ticket is now solved; just reply if anything else comes up.\n\n{{agent.name}}',
        actions: { status: 'SOLVED' },
      },
    ],
  });
  return { tenant, users };
}

import type { Db, Priority, TicketStatus } from '@helpdesk/db';
import { humanize, slaTargets } from './demo-tenant';
import type { LabelledText } from './banking77';
import { progress, type Random } from './random';

const FIRST = [
  'Ana',
  'Ben',
  'Chen',
  'Dana',
  'Emeka',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jade',
  'Kofi',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
];
const LAST = ['Silva', 'Okafor', 'Nguyen', 'Schmidt', 'Haddad', 'Kowalski', 'Moreau', 'Tanaka', 'Rossi', 'Jensen'];

export interface SeededTicket {
  id: string;
  number: number;
  createdAt: Date;
  status: TicketStatus;
  categoryKey: string;
}

function pickStatus(r: Random, ageDays: number): TicketStatus {
  if (ageDays > 10) return r.pick<TicketStatus>(['CLOSED', 'CLOSED', 'SOLVED', 'SOLVED', 'PENDING']);
  if (ageDays > 3) return r.pick<TicketStatus>(['SOLVED', 'OPEN', 'PENDING', 'ON_HOLD', 'OPEN']);
  return r.pick<TicketStatus>(['NEW', 'NEW', 'OPEN', 'OPEN', 'PENDING']);
}

function pickPriority(r: Random): Priority {
  const x = r.next();
  return x < 0.05 ? 'URGENT' : x < 0.25 ? 'HIGH' : x < 0.85 ? 'NORMAL' : 'LOW';
}

function subjectFrom(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const s = words.slice(0, 8).join(' ');
  return words.length > 8 ? `${s}…` : s;
}

const REPLIES: Record<string, string> = {
  default: 'Thanks for getting in touch. I have looked into this and updated your account; let me know if anything is still unclear.',
};

export async function seedTickets(
  db: Db,
  r: Random,
  tenantId: string,
  agents: { id: string; name: string }[],
  categoryIds: Map<string, string>,
  rows: LabelledText[],
  count: number,
): Promise<SeededTicket[]> {
  const customers = [];
  for (let i = 0; i < 60; i++) {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    customers.push(
      await db.customer.create({
        data: {
          tenantId,
          email: `${first}.${last}.${i}@example.com`.toLowerCase(),
          name: `${first} ${last}`,
          tags: i % 12 === 0 ? ['vip'] : [],
        },
      }),
    );
  }
  const sample = [...rows].sort(() => r.next() - 0.5).slice(0, count);
  const now = Date.now();
  const created: SeededTicket[] = [];
  // Oldest first, so ticket numbers rise with time like a real inbox.
  const ages = sample.map(() => r.next() * 30).sort((a, b) => b - a);
  for (let i = 0; i < sample.length; i++) {
    const row = sample[i]!;
    const ageDays = ages[i]!;
    const createdAt = new Date(now - ageDays * 86_400_000);
    const status = pickStatus(r, ageDays);
    const priority = pickPriority(r);
    const customer = r.pick(customers);
    const assignee = status === 'NEW' && r.chance(0.6) ? null : r.pick(agents);
    const labelled = r.chance(0.75);
    const sla = slaTargets[priority];
    const answered = status !== 'NEW' && assignee !== null;
    const firstRespondedAt = answered ? new Date(createdAt.getTime() + r.int(5, sla.first * 1.4) * 60_000) : null;
    const firstResponseDueAt = new Date(createdAt.getTime() + sla.first * 60_000);
    const resolutionDueAt = new Date(createdAt.getTime() + sla.resolution * 60_000);
    const solved = status === 'SOLVED' || status === 'CLOSED';
    const solvedAt = solved ? new Date(Math.min(now, createdAt.getTime() + r.int(1, 48) * 3_600_000)) : null;
    const breached =
      (firstRespondedAt ?? new Date(now)) > firstResponseDueAt ||
      (!solved && resolutionDueAt.getTime() < now) ||
      (solvedAt !== null && solvedAt > resolutionDueAt);
    const ticket = await db.ticket.create({
      data: {
        tenantId,
        number: i + 1,
        subject: subjectFrom(row.text),
        status,
        priority,
        channel: r.pick(['EMAIL', 'EMAIL', 'WEB_FORM', 'API'] as const),
        customerId: customer.id,
        assigneeId: assignee?.id ?? null,
        categoryId: labelled ? (categoryIds.get(row.category) ?? null) : null,
        firstResponseDueAt,
        resolutionDueAt,
        firstRespondedAt,
        slaBreachedAt: breached ? new Date(Math.min(now, resolutionDueAt.getTime())) : null,
        lastCustomerMessageAt: createdAt,
        solvedAt,
        closedAt: status === 'CLOSED' ? solvedAt : null,
        createdAt,
        messages: {
          create: [
            {
              tenantId,
              kind: 'CUSTOMER',
              customerId: customer.id,
              bodyText: row.text,
              createdAt,
              emailMessageId: `<seed-${i + 1}@example.com>`,
            },
            ...(firstRespondedAt && assignee
              ? [
                  {
                    tenantId,
                    kind: 'REPLY' as const,
                    authorUserId: assignee.id,
                    bodyText: `Hi ${customer.name?.split(' ')[0]},\n\n${REPLIES.default}\n\n${assignee.name}`,
                    createdAt: firstRespondedAt,
                    deliveryStatus: 'SENT' as const,
                    deliveredAt: firstRespondedAt,
                  },
                ]
              : []),
            ...(r.chance(0.2) && assignee
              ? [
                  {
                    tenantId,
                    kind: 'NOTE' as const,
                    authorUserId: assignee.id,
                    bodyText: `Checked the account history; looks like ${humanize(row.category).toLowerCase()}.`,
                    createdAt: new Date(createdAt.getTime() + 60_000),
                  },
                ]
              : []),
          ],
        },
      },
    });
    await db.auditLog.create({
      data: {
        tenantId,
        actorType: 'CUSTOMER',
        actorId: customer.id,
        entityType: 'Ticket',
        entityId: ticket.id,
        ticketId: ticket.id,
        action: 'ticket.created',
        createdAt,
      },
    });
    if (labelled) {
      await db.triageLabel.create({
        data: {
          tenantId,
          ticketId: ticket.id,
          field: 'category',
          toValue: row.category,
          userId: assignee?.id ?? agents[0]!.id,
          createdAt: firstRespondedAt ?? createdAt,
        },
      });
    }
    created.push({ id: ticket.id, number: ticket.number, createdAt, status, categoryKey: row.category });
    progress('tickets', i + 1, sample.length);
  }
  await db.tenant.update({ where: { id: tenantId }, data: { nextTicketNumber: sample.length + 1 } });
  return created;
}

// Bulk tickets for load tests: `npm run seed:scale -- --tickets 1000000 [--tenant acme]`.
// Rows are generated inside Postgres (INSERT … SELECT generate_series) in batches, with triggers off for the
// batch and the search vector computed in the same statement, so a million tickets take minutes, not hours.
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { databaseUrlFromEnv, integerOption } from '@helpdesk/config/cli/args';
import { createSystemClient, Prisma } from '@helpdesk/db';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    tenant: { type: 'string', default: 'acme' },
    batch: { type: 'string', default: '20000' },
  },
});
const total = integerOption('tickets', values.tickets, 1, 20_000_000);
const batchSize = integerOption('batch', values.batch, 1);
const url = databaseUrlFromEnv();

const SUBJECTS = [
  'Refund not received',
  'Card declined at checkout',
  'Cannot log in to my account',
  'Package arrived damaged',
  'Wrong item delivered',
  'Change my delivery address',
  'Invoice shows the wrong amount',
  'Cancel my subscription',
  'Password reset email never arrives',
  'Charged twice for one order',
  'Where is my order?',
  'App crashes on startup',
  'Exchange rate looks wrong',
  'Transfer still pending',
  'Update billing details',
  'Discount code does not work',
  'Account locked after update',
  'Missing items in my parcel',
  'Request for a refund',
  'Warranty claim for a broken device',
];
const SENTENCES = [
  'I ordered this last week and it still has not arrived.',
  'Please issue a refund as soon as possible.',
  'The tracking page has not changed for days.',
  'I was charged but the payment shows as failed.',
  'My card keeps getting declined even though it works elsewhere.',
  'I already tried resetting my password twice.',
  'The parcel was crushed and the contents are broken.',
  'Could you tell me when the courier will come?',
  'I would like to cancel and get my money back.',
  'This is the third time I am writing about this.',
  'The invoice lists a product I never bought.',
  'Thanks for your help, I really appreciate it.',
  'The app shows an error whenever I open the settings.',
  'I need the refund before the end of the month.',
  'Can someone call me back about this issue?',
  'The exchange rate applied to my transfer seems too high.',
  'My account was locked after the latest update.',
  'I attached a photo of the damaged box.',
  'Is there a way to speed up the delivery?',
  'The discount code was rejected at checkout.',
];

const db = createSystemClient(url, 2);

function bar(done: number, startedAt: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const secs = (Date.now() - startedAt) / 1000;
  const rate = done / Math.max(secs, 0.001);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${((done / total) * 100).toFixed(1)}% ${done}/${total} ${secs.toFixed(0)}s ${rate.toFixed(0)}/s   `,
  );
}

async function scaleTenant(slug: string) {
  const existing = await db.tenant.findUnique({ where: { slug } });
  if (existing) return existing;
  const suffix = randomBytes(4).toString('hex');
  const tenant = await db.tenant.create({
    data: { name: `Scale ${slug}`, slug, inboundAlias: `${slug}-${suffix}`, inboundSecret: randomBytes(24).toString('hex') },
  });
  // A new tenant gets a few agents so that assignment filters have something to select.
  for (let i = 1; i <= 5; i++) {
    const user = await db.user.create({ data: { email: `agent${i}-${suffix}@${slug}.scale.test`, name: `Scale agent ${i}` } });
    await db.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'AGENT' } });
  }
  return tenant;
}

try {
  const tenant = await scaleTenant(values.tenant);
  const agents = (
    await db.membership.findMany({ where: { tenantId: tenant.id, role: { in: ['OWNER', 'ADMIN', 'AGENT'] } }, select: { userId: true } })
  ).map((m) => m.userId);
  const customers = Math.max(1, Math.min(50_000, Math.ceil(total / 20)));
  const run = randomBytes(3).toString('hex');
  const custPrefix = `${tenant.id}-sc${run}-`;
  await db.$executeRaw`
    INSERT INTO "Customer" (id, "tenantId", email, name, tags, "createdAt", "updatedAt")
    SELECT ${custPrefix} || g, ${tenant.id}, 'scale-' || ${run} || '-' || g || '@example.test', 'Customer ' || g, '{}', now(), now()
      FROM generate_series(1, ${customers}) g`;
  const vip = await db.tag.upsert({
    where: { tenantId_name: { tenantId: tenant.id, name: 'vip' } },
    create: { tenantId: tenant.id, name: 'vip' },
    update: {},
  });
  const { nextTicketNumber } = await db.tenant.update({
    where: { id: tenant.id },
    data: { nextTicketNumber: { increment: total } },
    select: { nextTicketNumber: true },
  });
  const base = nextTicketNumber - total - 1;
  const startedAt = Date.now();
  for (let from = 1; from <= total; from += batchSize) {
    const to = Math.min(total, from + batchSize - 1);
    await db.$transaction(
      async (tx) => {
        // Triggers (search vector, foreign keys) are off for this batch: it fills the vector itself and only references rows it just made.
        await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
        await tx.$executeRaw(batchSql(tenant.id, base, from, to, agents, custPrefix, customers, vip.id));
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    bar(to, startedAt);
  }
  process.stderr.write('\n');
  await db.$executeRawUnsafe(`ANALYZE "Ticket"`);
  await db.$executeRawUnsafe(`ANALYZE "Message"`);
  await db.$executeRawUnsafe(`ANALYZE "TicketTag"`);
  console.log(
    `seed:scale: ${total} tickets in tenant ${tenant.slug} (${customers} customers) in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`,
  );
} finally {
  await db.$disconnect();
}

function batchSql(
  tenantId: string,
  base: number,
  from: number,
  to: number,
  agents: string[],
  custPrefix: string,
  customers: number,
  vipTagId: string,
): Prisma.Sql {
  return Prisma.sql`
    WITH src AS MATERIALIZED (
      SELECT gen_random_uuid()::text AS id, ${base}::int + g AS number, created,
             LEAST(now(), created + random() * interval '5 days') AS updated,
             (${SUBJECTS}::text[])[1 + floor(random() * ${SUBJECTS.length})::int] AS subject,
             (${SENTENCES}::text[])[1 + floor(random() * ${SENTENCES.length})::int] || ' ' ||
             (${SENTENCES}::text[])[1 + floor(random() * ${SENTENCES.length})::int] || ' Order ' || (100000 + floor(random() * 900000))::int || '.' ||
             CASE WHEN random() < 0.0005 THEN ' It makes a strange zebra noise.' ELSE '' END AS body,
             CASE WHEN s < 0.05 THEN 'NEW' WHEN s < 0.25 THEN 'OPEN' WHEN s < 0.32 THEN 'PENDING' WHEN s < 0.35 THEN 'ON_HOLD'
                  WHEN s < 0.6 THEN 'SOLVED' ELSE 'CLOSED' END::"TicketStatus" AS status,
             (ARRAY['LOW','NORMAL','NORMAL','NORMAL','HIGH','URGENT'])[1 + floor(random() * 6)::int]::"Priority" AS priority,
             CASE WHEN cardinality(${agents}::text[]) = 0 OR random() < 0.2 THEN NULL
                  ELSE (${agents}::text[])[1 + floor(random() * cardinality(${agents}::text[]))::int] END AS assignee,
             ${custPrefix} || (1 + floor(random() * ${customers})::int) AS customer,
             random() < 0.1 AS vip
        FROM (SELECT g, random() AS s, now() - random() * interval '365 days' AS created FROM generate_series(${from}::int, ${to}::int) g) x
    ),
    tickets AS (
      INSERT INTO "Ticket" (id, "tenantId", number, subject, status, priority, channel, "customerId", "assigneeId",
                            "firstResponseDueAt", "resolutionDueAt", "lastCustomerMessageAt", "solvedAt", "createdAt", "updatedAt", "searchVector")
      SELECT id, ${tenantId}, number, subject, status, priority, 'EMAIL', customer, assignee,
             CASE WHEN status IN ('NEW','OPEN','PENDING','ON_HOLD') THEN created + interval '4 hours' END,
             CASE WHEN status IN ('NEW','OPEN','PENDING','ON_HOLD') THEN created + interval '2 days' END,
             created, CASE WHEN status IN ('SOLVED','CLOSED') THEN updated END, created, updated,
             setweight(to_tsvector('english', subject), 'A') || setweight(to_tsvector('english', body), 'B')
        FROM src
    ),
    tags AS (
      INSERT INTO "TicketTag" ("tenantId", "ticketId", "tagId") SELECT ${tenantId}, id, ${vipTagId} FROM src WHERE vip
    )
    INSERT INTO "Message" (id, "tenantId", "ticketId", kind, "customerId", "bodyText", "deliveryStatus", "createdAt")
    SELECT gen_random_uuid()::text, ${tenantId}, id, 'CUSTOMER', customer, body, 'NOT_APPLICABLE', created FROM src`;
}

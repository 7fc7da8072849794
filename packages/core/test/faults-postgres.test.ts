import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, isDatabaseUnavailable, migrate, type Db } from '@helpdesk/db';
import { makeTenant, type TestTenant } from '@helpdesk/testkit';
import { buildMime, newMessageId } from '@helpdesk/testkit/mime';
import { startPrivatePostgres, type PrivatePostgres } from '@helpdesk/testkit/private-services';
import { receiveInboundEmail, signInbound } from '../src/index';

// A private cluster made with initdb: this suite stops it mid-traffic, which must never touch the shared server.
const PG_PORT = 6394;
let pg: PrivatePostgres;
let db: Db;
let tenant: TestTenant;

beforeAll(async () => {
  pg = await startPrivatePostgres(PG_PORT);
  await migrate(pg.url);
  db = createDb(pg.url, 5);
  tenant = await makeTenant(db, 'Postgres Fault');
}, 120_000);

afterAll(async () => {
  // After an immediate shutdown the pg pool can keep a client whose transaction was cut; its end() then never
  // resolves. The cluster is destroyed next anyway, so waiting is bounded.
  await Promise.race([db?.$disconnect(), sleep(3_000)]);
  await pg?.destroy();
});

function signedMail(i: number) {
  const raw = buildMime({
    from: `Customer ${i} <c${i}@customer.test>`,
    subject: `Outage mail ${i}`,
    text: `Message number ${i}`,
    messageId: newMessageId(),
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { alias: tenant.inboundAlias, rawMime: raw, timestamp, signature: signInbound(tenant.inboundSecret, timestamp, raw) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Postgres restarted under inbound traffic', () => {
  it('fails mails cleanly as "unavailable" (503) while down, accepts their retries after, and leaves no half-written ticket', async () => {
    const total = 90;
    const mails = Array.from({ length: total }, (_, i) => signedMail(i));
    const outcome = { stored: 0, storedAfterRestart: 0, unavailable: 0, other: [] as string[] };
    let restarted = false;
    const retry: number[] = [];
    let next = 0;
    let outage: Promise<void> | null = null;
    const sender = async () => {
      for (let i = next++; i < total; i = next++) {
        try {
          await receiveInboundEmail(db, mails[i]!);
          outcome.stored++;
          if (restarted) outcome.storedAfterRestart++;
        } catch (error) {
          if (isDatabaseUnavailable(error)) {
            outcome.unavailable++;
            retry.push(i);
          } else outcome.other.push((error as Error).message);
        }
        // The outage starts once traffic is flowing: an immediate shutdown cuts open connections and transactions.
        if (outcome.stored === 10 && !outage)
          outage = pg
            .stop()
            .then(() => sleep(1_500))
            .then(() => pg.start())
            .then(() => void (restarted = true));
        await sleep(150);
      }
    };
    await Promise.all([sender(), sender(), sender()]);
    await outage;
    // The relay retries what was refused with 503 (each mail's signature is still fresh, well inside the window).
    let retried = 0;
    for (const i of retry) {
      for (let tries = 0; ; tries++) {
        try {
          await receiveInboundEmail(db, mails[i]!);
          retried++;
          break;
        } catch (error) {
          if (!isDatabaseUnavailable(error) || tries > 50) throw error;
          await sleep(200);
        }
      }
    }

    const tickets = await db.ticket.count({ where: { tenantId: tenant.id } });
    const messages = await db.message.findMany({ where: { tenantId: tenant.id, kind: 'CUSTOMER' }, select: { emailMessageId: true } });
    const distinct = new Set(messages.map((m) => m.emailMessageId)).size;
    const [orphanRow] = await db.$queryRaw<{ orphans: bigint }[]>`
      SELECT count(*) AS orphans FROM "Ticket" t
       WHERE t."tenantId" = ${tenant.id}
         AND NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."ticketId" = t.id AND m."tenantId" = t."tenantId")`;
    const orphans = orphanRow!.orphans;
    const events = await db.outboxEvent.count({ where: { tenantId: tenant.id, type: 'ticket.created' } });
    console.log(
      `[fault] injected: immediate shutdown of a private Postgres for 1.5 s under 3 inbound senders; counted: sent ${total}, stored first time ${outcome.stored} (${outcome.storedAfterRestart} after the restart), refused as unavailable ${outcome.unavailable}, other errors ${outcome.other.length}, retried ok ${retried}; tickets ${tickets}, messages ${messages.length} (distinct ${distinct}), tickets without a message ${orphans}, ticket.created events ${events}; lost ${total - distinct}, duplicated ${messages.length - distinct}`,
    );
    expect(outcome.unavailable).toBeGreaterThan(0);
    expect(outcome.storedAfterRestart).toBeGreaterThan(0);
    expect(outcome.other).toEqual([]);
    expect(outcome.stored + outcome.unavailable).toBe(total);
    expect(retried).toBe(outcome.unavailable);
    expect(tickets).toBe(total);
    expect(messages).toHaveLength(total);
    expect(distinct).toBe(total);
    expect(orphans).toBe(0n);
    expect(events).toBe(total);
  }, 120_000);
});

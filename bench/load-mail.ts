import { createHmac } from 'node:crypto';
import { getQueue, jobs, readHeartbeats } from '@helpdesk/jobs';
import { buildMimeBytes } from '@helpdesk/testkit/mime';
import { cannon } from './load-measure';
import { until, type LoadRun } from './load-run';

/** Mails sent again after the burst, each a duplicate the webhook must not store twice. */
export const RESEND = 100;

/**
 * Scenario 3 of bench:load: the real ops and AI workers start, a burst of signed inbound mails (unique Message-IDs)
 * goes through /api/inbound/email/{alias}, what was not stored is sent once more (a relay's retry), RESEND mails are
 * sent again, and the run waits until every mail's ticket has a triage result and a ready draft.
 */
export async function mailScenario(r: LoadRun, options: { mails: number; concurrency: number; timeoutMs: number; model: string }) {
  const { db, systemDb, redis, tenant, log, load } = r;
  const { mails } = options;
  const tenantId = tenant.id;
  r.children.start('ops', ['--import', 'tsx', 'workers/ops/src/main.ts'], r.env);
  r.children.start('ai', ['--import', 'tsx', 'workers/ai/src/main.ts'], r.env);
  const ready = await until(
    log,
    'the AI worker (model loaded) and the knowledge base embedded',
    async () =>
      (await readHeartbeats(redis)).some((b) => b.alive && b.kind === 'ai' && b.model?.loaded) &&
      (await db.knowledgeChunk.count({ where: { tenantId } })) > 0 &&
      (await db.knowledgeChunk.count({ where: { tenantId, embedding: null } })) === 0,
    300_000,
  );
  if (!ready) throw new Error('the AI worker did not become ready');
  log(`workers ready (model ${options.model}, LLAMA_THREADS ${r.env.LLAMA_THREADS}); load ${load()}`);

  const inboundUrl = `${r.web.base}/api/inbound/email/${tenant.inboundAlias}`;
  const ours = `<load-${r.run}-`;
  const messageId = (i: number) => `${ours}${i}@customer.test>`;
  const mailRequest = (i: number) => {
    const raw = buildMimeBytes({
      from: `Load Customer ${i} <mail-${r.run}-${i}@customer.test>`,
      subject: `Burst mail ${i}: card payment declined`,
      text: `Hello, my card payment was declined at the shop today (mail ${i} of the bench:load burst). Can you help?`,
      messageId: messageId(i),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', tenant.inboundSecret).update(`${timestamp}.`).update(raw).digest('hex');
    return {
      headers: { 'content-type': 'message/rfc822', 'x-helpdesk-timestamp': timestamp, 'x-helpdesk-signature': signature },
      body: raw,
    };
  };
  let next = 0;
  const burstFrom = new Date();
  const burst = await cannon({
    url: inboundUrl,
    connections: options.concurrency,
    amount: mails,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...mailRequest(next++ % mails) }) as typeof req }],
  });
  log(
    `webhook burst: ${burst.requests} mails in ${burst.seconds.toFixed(1)} s (${burst.rps.toFixed(0)}/s), p95 ${burst.p95.toFixed(0)} ms, statuses ${JSON.stringify(burst.statuses)}; load ${load()}`,
  );

  const stored = async () => {
    const [row] = await systemDb.$queryRaw<{ messages: bigint; distinct: bigint; tickets: bigint }[]>`
      SELECT count(*) AS messages, count(DISTINCT "emailMessageId") AS distinct, count(DISTINCT "ticketId") AS tickets
        FROM "Message" WHERE "tenantId" = ${tenantId} AND "emailMessageId" LIKE ${`${ours}%`}`;
    return { messages: Number(row!.messages), distinct: Number(row!.distinct), tickets: Number(row!.tickets) };
  };
  const ourMessages = { tenantId, emailMessageId: { startsWith: ours } };
  // A relay retries what was not accepted: any mail the burst did not store is sent again, once, and counted.
  const have = new Set(
    (await systemDb.message.findMany({ where: ourMessages, select: { emailMessageId: true } })).map((m) => m.emailMessageId),
  );
  const missing = Array.from({ length: mails }, (_, i) => i).filter((i) => !have.has(messageId(i)));
  for (const i of missing) await fetch(inboundUrl, { method: 'POST', ...mailRequest(i) });
  if (missing.length) log(`${missing.length} mails were not stored by the burst and were sent once more (a relay's retry)`);
  const afterBurst = await stored();

  const resend = await cannon({
    url: inboundUrl,
    connections: 10,
    amount: RESEND,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...mailRequest((next++ * 7919) % mails) }) as typeof req }],
  });
  const afterResend = await stored();
  log(
    `resent ${RESEND} mails: statuses ${JSON.stringify(resend.statuses)}; stored messages ${afterBurst.messages} → ${afterResend.messages}, tickets ${afterBurst.tickets} → ${afterResend.tickets}`,
  );

  // The whole pipeline: every mail's ticket has a triage result and a ready draft.
  const ticketIds = [
    ...new Set((await systemDb.message.findMany({ where: ourMessages, select: { ticketId: true } })).map((m) => m.ticketId)),
  ];
  const triaged = async () =>
    Number(
      (
        await systemDb.$queryRaw<
          { n: bigint }[]
        >`SELECT count(DISTINCT "ticketId") AS n FROM "TriageResult" WHERE "tenantId" = ${tenantId} AND "ticketId" = ANY(${ticketIds})`
      )[0]!.n,
    );
  const aiQueues = (['triage', 'retrieval', 'draft'] as const).map((name) => getQueue(jobs[name].queue, redis));
  let lastLine = '';
  let lastLog = 0;
  const pipelineDone = await until(
    log,
    `every mail's ticket to have triage and a draft (${ticketIds.length} tickets)`,
    async () => {
      const [t, [d]] = await Promise.all([
        triaged(),
        systemDb.$queryRaw<
          { n: bigint }[]
        >`SELECT count(DISTINCT "ticketId") AS n FROM "AiDraft" WHERE "tenantId" = ${tenantId} AND status = 'READY' AND "ticketId" = ANY(${ticketIds})`,
      ]);
      const [outbox, ...queued] = await Promise.all([
        systemDb.outboxEvent.count({ where: { tenantId, dispatchedAt: null } }),
        ...aiQueues.map(async (q) =>
          Object.values(await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).reduce((a, b) => a + b, 0),
        ),
      ]);
      const line = `pipeline: triaged ${t}/${ticketIds.length}, drafted ${d!.n}/${ticketIds.length}; outbox ${outbox} undispatched, queued ${aiQueues.map((q, i) => `${q.name} ${queued[i]}`).join(', ')}; load ${load()}`;
      if (line !== lastLine && Date.now() - lastLog > 10_000) {
        log(line);
        lastLine = line;
        lastLog = Date.now();
      }
      return t === ticketIds.length && Number(d!.n) === ticketIds.length;
    },
    options.timeoutMs,
  );
  const drafts = await systemDb.$queryRaw<{ ms: number; done: Date }[]>`
    SELECT EXTRACT(EPOCH FROM (d."updatedAt" - t."createdAt")) * 1000 AS ms, d."updatedAt" AS done
      FROM "AiDraft" d JOIN "Ticket" t ON t.id = d."ticketId" AND t."tenantId" = d."tenantId"
     WHERE d."tenantId" = ${tenantId} AND d.status = 'READY' AND d."ticketId" = ANY(${ticketIds})`;
  const lastDraft = Math.max(...drafts.map((d) => d.done.getTime()));
  return {
    burst,
    resend,
    missing: missing.length,
    afterBurst,
    afterResend,
    final: await stored(),
    tickets: ticketIds.length,
    triaged: await triaged(),
    drafts: drafts.length,
    mailToDraftS: drafts.map((d) => Number(d.ms) / 1000),
    pipelineS: (lastDraft - burstFrom.getTime()) / 1000,
    pipelineDone,
  };
}

import { cannon } from './load-measure';
import type { LoadRun } from './load-run';

/**
 * Scenario 2 of bench:load: POST /api/v1/tickets with a unique Idempotency-Key per request for --api-seconds; the
 * rows are counted afterwards, and the first keys sent again must replay the first answer and write nothing.
 */
export async function createScenario(r: LoadRun) {
  const { systemDb, auth, log, load } = r;
  const tenantId = r.tenant.id;
  const createTag = `load-${r.run}-create`;
  /** Request `n`: its own key and subject, one of 500 customers. */
  const request = (n: number) => {
    const idem = `${createTag}-${n}`;
    return {
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': idem },
      body: JSON.stringify({
        subject: `Load ${idem}`,
        bodyText: `Created by bench:load, request ${n}.`,
        customer: { email: `load-${n % 500}@example.test`, name: `Load customer ${n % 500}` },
      }),
    };
  };
  let created = 0;
  const create = await cannon({
    url: `${r.web.base}/api/v1/tickets`,
    connections: r.connections,
    duration: r.apiSeconds,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...request(created++) }) }],
  });
  const created2xx = Object.entries(create.statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((a, [, n]) => a + n, 0);
  // autocannon stops a timed run without reading the answers still in flight; the server finishes those requests.
  const inFlight = create.sent - create.requests;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const countCreated = async () => {
    const [row] = await systemDb.$queryRaw<{ rows: bigint; distinct: bigint }[]>`
      SELECT count(*) AS rows, count(DISTINCT subject) AS distinct FROM "Ticket" WHERE "tenantId" = ${tenantId} AND subject LIKE ${`Load ${createTag}-%`}`;
    return { rows: Number(row!.rows), duplicated: Number(row!.rows) - Number(row!.distinct) };
  };
  const { rows: stored, duplicated } = await countCreated();
  // The same keys again: each must replay the first answer (same ticket id) and write nothing.
  const replayed = Math.min(50, created2xx);
  let replayedSame = 0;
  for (let n = 0; n < replayed; n++) {
    const res = await fetch(`${r.web.base}/api/v1/tickets`, { method: 'POST', ...request(n) });
    const body = (await res.json()) as { id?: string };
    const row = await systemDb.ticket.findFirst({ where: { tenantId, subject: `Load ${createTag}-${n}` }, select: { id: true } });
    if (res.headers.get('idempotent-replayed') === 'true' && body.id && body.id === row?.id) replayedSame++;
  }
  const afterReplay = await countCreated();
  const exact =
    duplicated === 0 && stored >= created2xx && stored <= created2xx + inFlight && afterReplay.rows === stored && replayedSame === replayed;
  log(
    `POST /api/v1/tickets: ${create.rps.toFixed(0)} req/s, p95 ${create.p95.toFixed(0)} ms, statuses ${JSON.stringify(create.statuses)}; rows ${stored} for ${created2xx} 2xx + ${inFlight} in flight at the stop, ${duplicated} duplicated; ${replayedSame}/${replayed} keys replayed the first answer, rows after ${afterReplay.rows}; load ${load()}`,
  );
  // These tickets stay out of the AI pipeline, so scenario 3 measures the mails alone: their events are marked
  // dispatched before the workers start (the outbox is only read by the ops worker, which is not running yet).
  const parked = await systemDb.$executeRaw`
    UPDATE "OutboxEvent" SET "dispatchedAt" = now() WHERE "tenantId" = ${tenantId} AND "dispatchedAt" IS NULL AND type <> 'kb.article.changed'`;
  log(`${parked} outbox events of the API-created tickets marked dispatched (kept out of the AI pipeline)`);
  return { create, created2xx, inFlight, stored, duplicated, replayed, replayedSame, afterReplay: afterReplay.rows, exact };
}

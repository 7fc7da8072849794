import { NextResponse } from 'next/server';
import { loadConfig } from '@helpdesk/config';
import { readHeartbeats } from '@helpdesk/jobs';
import { redis, systemDb } from '@/lib/clients';

export const dynamic = 'force-dynamic';

async function probe<T>(fn: () => Promise<T>, ms = 2000): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    return { ok: true, value: await Promise.race([fn(), timeout]) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Readiness: 200 when the database and Redis answer; workers and the model are reported, not required. */
export async function GET() {
  const [database, cache] = await Promise.all([
    probe(() => systemDb().$queryRaw`SELECT 1`),
    probe(() => redis().ping()),
  ]);
  const beats = cache.ok ? await probe(() => readHeartbeats(redis())) : null;
  const workers = beats?.ok
    ? beats.value.map((b) => ({ id: b.id, kind: b.kind, alive: b.alive, seenAt: b.seenAt, model: b.model }))
    : [];
  const aiWorker = workers.find((w) => w.alive && w.model);
  // The model lives in the AI worker; only its heartbeat can say whether it loaded.
  const model = aiWorker?.model
    ? { status: aiWorker.model.loaded ? 'loaded' : 'not_loaded', ...aiWorker.model }
    : { status: 'no_worker', path: loadConfig().MODEL_PATH };
  const ok = database.ok && cache.ok;
  return NextResponse.json(
    {
      status: ok ? 'ok' : 'degraded',
      database: database.ok ? { status: 'up' } : { status: 'down', error: database.error },
      redis: cache.ok ? { status: 'up' } : { status: 'down', error: cache.error },
      workers: { alive: workers.filter((w) => w.alive).length, list: workers },
      model,
    },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}

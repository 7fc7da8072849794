import { NextResponse } from 'next/server';
import { pingDatabase } from '@helpdesk/db';
import { readHeartbeats } from '@helpdesk/jobs';
import { redis, systemDb } from '@/lib/clients';
import { webLogger } from '@/lib/request-log';

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

/**
 * Readiness: 200 when the database and Redis answer; workers and the model are reported, not required. Public, so it
 * says only up or down: no error text (it names internal addresses), no model path, no worker hosts or process ids.
 */
export async function GET() {
  const [database, cache] = await Promise.all([probe(() => pingDatabase(systemDb())), probe(() => redis().ping())]);
  const beats = cache.ok ? await probe(() => readHeartbeats(redis())) : null;
  const workers = beats?.ok ? beats.value.map((b) => ({ kind: b.kind, alive: b.alive, seenAt: b.seenAt, model: b.model })) : [];
  const aiWorker = workers.find((w) => w.alive && w.model);
  // The model lives in the AI worker; only its heartbeat can say whether it loaded.
  // GPU as on/off only: whether a silent CPU fallback happened is worth a public probe; devices and layers are not.
  const model = aiWorker?.model
    ? {
        status: aiWorker.model.loaded ? 'loaded' : 'not_loaded',
        demo: aiWorker.model.demo,
        gpu: aiWorker.model.gpu?.offloaded ? 'active' : 'off',
      }
    : { status: 'no_worker' };
  const ok = database.ok && cache.ok;
  if (!database.ok) webLogger.error({ probe: 'database', reason: database.error }, 'health: database unavailable');
  if (!cache.ok) webLogger.error({ probe: 'redis', reason: cache.error }, 'health: redis unavailable');
  return NextResponse.json(
    {
      status: ok ? 'ok' : 'degraded',
      database: { status: database.ok ? 'up' : 'down' },
      redis: { status: cache.ok ? 'up' : 'down' },
      workers: { alive: workers.filter((w) => w.alive).length, list: workers.map(({ kind, alive, seenAt }) => ({ kind, alive, seenAt })) },
      model,
    },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}

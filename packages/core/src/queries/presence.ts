import type { Redis } from 'ioredis';

/** A viewer counts as present this long after their last heartbeat; the live-update stream beats every few seconds. */
export const PRESENCE_TTL_SECONDS = 30;

export interface PresentViewer {
  userId: string;
  name: string;
}

function key(tenantId: string, ticketId: string): string {
  return `presence:${tenantId}:${ticketId}`;
}

/**
 * Records that a user is viewing a ticket and returns everyone viewing it. One sorted set per ticket, scored by
 * expiry, so a crashed tab drops out after the TTL; the key itself expires once nobody beats.
 */
export async function touchPresence(
  redis: Redis,
  tenantId: string,
  ticketId: string,
  viewer: PresentViewer,
  now = Date.now(),
): Promise<PresentViewer[]> {
  const k = key(tenantId, ticketId);
  const results = await redis
    .multi()
    .zadd(k, now + PRESENCE_TTL_SECONDS * 1000, JSON.stringify([viewer.userId, viewer.name]))
    .zremrangebyscore(k, '-inf', now)
    .expire(k, PRESENCE_TTL_SECONDS)
    .zrangebyscore(k, now, '+inf')
    .exec();
  const members = (results?.[3]?.[1] as string[] | undefined) ?? [];
  return dedupe(members);
}

export async function listPresence(redis: Redis, tenantId: string, ticketId: string, now = Date.now()): Promise<PresentViewer[]> {
  return dedupe(await redis.zrangebyscore(key(tenantId, ticketId), now, '+inf'));
}

export async function leavePresence(redis: Redis, tenantId: string, ticketId: string, viewer: PresentViewer): Promise<void> {
  await redis.zrem(key(tenantId, ticketId), JSON.stringify([viewer.userId, viewer.name]));
}

function dedupe(members: string[]): PresentViewer[] {
  const byId = new Map<string, PresentViewer>();
  for (const m of members) {
    const parsed: unknown = JSON.parse(m);
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string')
      byId.set(parsed[0], { userId: parsed[0], name: parsed[1] });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

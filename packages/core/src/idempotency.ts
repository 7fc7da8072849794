import { createHash } from 'node:crypto';
import { ConflictError, Prisma, ValidationError, isUniqueViolation, type Db } from '@helpdesk/db';

export interface IdempotentRequest {
  tenantId: string;
  apiKeyId: string;
  key: string;
  /** Method, path and body: the same key sent for another request is a client bug. */
  method: string;
  path: string;
  body: unknown;
}

export interface StoredResponse {
  status: number;
  body: Prisma.InputJsonValue;
}

/** Marks a record whose request is still running; real responses are HTTP statuses. */
const IN_PROGRESS = 0;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function requestHash(req: Pick<IdempotentRequest, 'method' | 'path' | 'body'>): string {
  return createHash('sha256')
    .update(JSON.stringify([req.method.toUpperCase(), req.path, canonical(req.body ?? null)]))
    .digest('hex');
}

/**
 * Runs a write at most once per Idempotency-Key. The key is claimed before running, so concurrent
 * retries wait for (and then receive) the first response instead of writing twice. A failed run
 * releases the key so the client may retry.
 */
export async function withIdempotency(
  db: Db,
  req: IdempotentRequest,
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!/^[\x21-\x7e]{1,255}$/.test(req.key)) throw new ValidationError('Idempotency-Key', 'must be 1–255 visible ASCII characters');
  const { tenantId, apiKeyId, key } = req;
  const hash = requestHash(req);
  try {
    await db.idempotencyRecord.create({ data: { tenantId, apiKeyId, key, requestHash: hash, statusCode: IN_PROGRESS, responseBody: {} } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db.idempotencyRecord.findFirstOrThrow({ where: { tenantId, apiKeyId, key } });
    if (existing.requestHash !== hash) throw new ConflictError('Idempotency-Key: already used with a different request', 'Idempotency-Key');
    if (existing.statusCode === IN_PROGRESS)
      throw new ConflictError('Idempotency-Key: the first request with this key is still running', 'Idempotency-Key');
    return { status: existing.statusCode, body: existing.responseBody as Prisma.InputJsonValue, replayed: true };
  }
  try {
    const response = await run();
    await db.idempotencyRecord.update({
      where: { tenantId_apiKeyId_key: { tenantId, apiKeyId, key } },
      data: { statusCode: response.status, responseBody: response.body },
    });
    return { ...response, replayed: false };
  } catch (error) {
    await db.idempotencyRecord.deleteMany({ where: { tenantId, apiKeyId, key } });
    throw error;
  }
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  parseInput,
  requireCapability,
  type Actor,
  type ApiKey,
  type Db,
  type SystemClient,
  type Tx,
} from '@helpdesk/db';
import { writeAudit } from './audit';

export const API_SCOPES = ['tickets:read', 'tickets:write', 'customers:read', 'customers:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  scopes: z.array(z.enum(API_SCOPES)).min(1, 'pick at least one scope'),
});

const KEY_PATTERN = /^hd_([0-9a-f]{12})_([A-Za-z0-9_-]{32,})$/;

export type ApiKeySummary = Omit<ApiKey, 'keyHash'>;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function summary({ keyHash: _keyHash, ...rest }: ApiKey): ApiKeySummary {
  return rest;
}

/** The full key is returned once; only its hash is stored, and the prefix identifies it later. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: z.input<typeof createApiKeyInput>,
): Promise<{ key: string; apiKey: ApiKeySummary }> {
  requireCapability(actor, 'admin.apiKeys');
  const data = parseInput(createApiKeyInput, input);
  const prefix = randomBytes(6).toString('hex');
  const key = `hd_${prefix}_${randomBytes(24).toString('base64url')}`;
  const tenantId = actor.tenantId;
  const apiKey = await db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        tenantId,
        name: data.name,
        prefix,
        keyHash: hashSecret(key),
        scopes: [...new Set(data.scopes)],
        createdById: actor.type === 'USER' ? actor.id : null,
      },
    });
    await writeAudit(tx, actor, {
      entityType: 'ApiKey',
      entityId: row.id,
      action: 'api_key.created',
      changes: { name: data.name, scopes: row.scopes, prefix },
    });
    return row;
  });
  return { key, apiKey: summary(apiKey) };
}

export async function listApiKeys(db: Db, actor: Actor): Promise<ApiKeySummary[]> {
  requireCapability(actor, 'admin.apiKeys');
  const rows = await db.apiKey.findMany({ where: { tenantId: actor.tenantId }, orderBy: { createdAt: 'desc' } });
  return rows.map(summary);
}

export async function revokeApiKey(db: Db, actor: Actor, apiKeyId: string): Promise<ApiKeySummary> {
  requireCapability(actor, 'admin.apiKeys');
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.findFirst({ where: { id: apiKeyId, tenantId } });
    if (!row) throw new NotFoundError('API key');
    if (row.revokedAt) return summary(row);
    const revoked = await tx.apiKey.update({ where: { id: apiKeyId, tenantId }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, { entityType: 'ApiKey', entityId: apiKeyId, action: 'api_key.revoked', changes: { prefix: row.prefix } });
    return summary(revoked);
  });
}

/**
 * A key acts with the authority of the admin who made it, so it stops working when they leave the workspace or lose
 * the admin role. Runs in the transaction of that change; each key revoked is audited. Returns the prefixes revoked.
 */
export async function revokeApiKeysCreatedBy(tx: Tx, actor: Actor, userId: string): Promise<string[]> {
  const tenantId = actor.tenantId;
  const keys = await tx.apiKey.findMany({ where: { tenantId, createdById: userId, revokedAt: null }, select: { id: true, prefix: true } });
  if (keys.length === 0) return [];
  await tx.apiKey.updateMany({ where: { tenantId, id: { in: keys.map((k) => k.id) } }, data: { revokedAt: new Date() } });
  for (const key of keys) {
    await writeAudit(tx, actor, {
      entityType: 'ApiKey',
      entityId: key.id,
      action: 'api_key.revoked',
      changes: { prefix: key.prefix, reason: 'creator_lost_admin' },
    });
  }
  return keys.map((k) => k.prefix);
}

/** How fresh `lastUsedAt` is kept: enough to tell an admin which keys are in use. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyAuth {
  actor: Actor;
  apiKeyId: string;
  scopes: string[];
}

/** Resolves `Authorization: Bearer hd_…`; unknown, malformed and revoked keys all look the same to the caller. */
export async function authenticateApiKey(systemDb: SystemClient, header: string | null | undefined): Promise<ApiKeyAuth> {
  const match = KEY_PATTERN.exec(/^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1] ?? '');
  if (!match) throw new UnauthorizedError('Authorization: expected "Bearer <api key>"');
  const row = await systemDb.apiKey.findUnique({ where: { prefix: match[1]! } });
  const given = Buffer.from(hashSecret(match[0]), 'hex');
  if (!row || row.revokedAt || !timingSafeEqual(given, Buffer.from(row.keyHash, 'hex')))
    throw new UnauthorizedError('Authorization: invalid or revoked API key');
  // At most one write a minute per key: a write on every request serialised all concurrent calls of one key
  // on its row lock and a commit each, which capped a key at about 90 requests a second.
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await systemDb.apiKey.updateMany({
      where: {
        id: row.id,
        tenantId: row.tenantId,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return { actor: { type: 'API_KEY', id: row.id, tenantId: row.tenantId, name: row.name }, apiKeyId: row.id, scopes: row.scopes };
}

export function requireScope(auth: ApiKeyAuth, scope: ApiScope): void {
  if (!auth.scopes.includes(scope)) throw new ForbiddenError(`This API key lacks the ${scope} scope`);
}

import { z } from 'zod';
import {
  ActorType,
  ForbiddenError,
  ModelProvider,
  ValidationError,
  parseInput,
  can,
  requirePlatformAdmin,
  type Actor,
  type Db,
  type PriceCatalog,
  type Tx,
} from '@helpdesk/db';
import { parseDollars } from './money';
import { LOCAL_FALLBACK_MODEL } from './price-lookup';

export type PriceScope = 'platform' | 'tenant';
export type PriceStatus = 'scheduled' | 'current' | 'superseded';

export interface PriceRow extends PriceCatalog {
  scope: PriceScope;
  status: PriceStatus;
}

export interface PriceEditor {
  actor: Actor;
  platformAdmin: boolean;
}

/** A change may start a few minutes back (form latency) but never rewrites history. */
const BACKDATE_GRACE_MS = 5 * 60_000;

const dollars = z.string().trim().max(20).default('0');

export const priceInputSchema = z.object({
  scope: z.enum(['platform', 'tenant']),
  model: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(200)
    .regex(/^[\w.:/-]+$/, 'may contain letters, digits and . _ : / - only'),
  provider: z.enum(ModelProvider),
  inputPerMTok: dollars,
  outputPerMTok: dollars,
  cacheWritePerMTok: dollars,
  cacheReadPerMTok: dollars,
  computePerHour: dollars,
  effectiveFrom: z.coerce.date({ error: 'must be a date and time' }),
});

export type PriceInput = z.input<typeof priceInputSchema>;

function rank(rows: PriceCatalog[], now: Date): PriceRow[] {
  const currentIds = new Set<string>();
  const seen = new Set<string>();
  for (const r of [...rows].sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime())) {
    const key = `${r.tenantId ?? ''}\u0000${r.model}`;
    if (r.effectiveFrom <= now && !seen.has(key)) {
      seen.add(key);
      currentIds.add(r.id);
    }
  }
  return rows.map((r) => ({
    ...r,
    scope: r.tenantId === null ? 'platform' : 'tenant',
    status: r.effectiveFrom > now ? 'scheduled' : currentIds.has(r.id) ? 'current' : 'superseded',
  }));
}

/** The tenant's local compute price per hour: the form's default for the next price it sets. */
export async function localComputePrice(db: Tx, tenantId: string): Promise<bigint> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { localComputeMicrosPerHour: true } });
  return tenant.localComputeMicrosPerHour;
}

/** The platform's rows and the tenant's overrides, by model, newest first. */
export async function listPrices(db: Tx, tenantId: string, now = new Date()): Promise<PriceRow[]> {
  const rows = await db.priceCatalog.findMany({
    where: { OR: [{ tenantId }, { tenantId: null }] },
    orderBy: [{ model: 'asc' }, { tenantId: { sort: 'asc', nulls: 'last' } }, { effectiveFrom: 'desc' }],
  });
  return rank(rows, now);
}

/**
 * Adds a price effective from a point in time; earlier calls keep the cost they were recorded at. Platform rows
 * need a platform admin; tenant overrides need the tenant's ADMIN or OWNER.
 */
export async function addPrice(db: Tx, editor: PriceEditor, raw: PriceInput, now = new Date()): Promise<PriceCatalog> {
  const input = parseInput(priceInputSchema, raw);
  if (input.scope === 'platform') requirePlatformAdmin(editor, 'Only platform administrators can change platform prices');
  if (input.scope === 'tenant' && !can(editor.actor, 'admin.settings')) throw new ForbiddenError('Only admins can change prices');
  if (input.effectiveFrom.getTime() < now.getTime() - BACKDATE_GRACE_MS)
    throw new ValidationError('effectiveFrom', 'must not be in the past');
  const rates = {
    inputPerMTokMicros: parseDollars('inputPerMTok', input.inputPerMTok),
    outputPerMTokMicros: parseDollars('outputPerMTok', input.outputPerMTok),
    cacheWritePerMTokMicros: parseDollars('cacheWritePerMTok', input.cacheWritePerMTok),
    cacheReadPerMTokMicros: parseDollars('cacheReadPerMTok', input.cacheReadPerMTok),
    computePerHourMicros: parseDollars('computePerHour', input.computePerHour),
  };
  const tenantId = input.scope === 'tenant' ? editor.actor.tenantId : null;
  const clash = await db.priceCatalog.findFirst({ where: { tenantId, model: input.model, effectiveFrom: input.effectiveFrom } });
  if (clash) throw new ValidationError('effectiveFrom', 'a price for this model already starts at that time');
  const row = await db.priceCatalog.create({
    data: { tenantId, model: input.model, provider: input.provider, effectiveFrom: input.effectiveFrom, ...rates },
  });
  await db.auditLog.create({
    data: {
      tenantId: editor.actor.tenantId,
      actorType: ActorType.USER,
      actorId: editor.actor.id,
      entityType: 'PriceCatalog',
      entityId: row.id,
      action: input.scope === 'platform' ? 'price.platform.added' : 'price.added',
      changes: {
        model: row.model,
        effectiveFrom: row.effectiveFrom.toISOString(),
        ...Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.toString()])),
      },
    },
  });
  return row;
}

/**
 * The tenant's own CPU-hour price for local models from `effectiveFrom`: an override row per local model in
 * the catalog, and a LOCAL_FALLBACK_MODEL row for local models the catalog does not list. The first time, the
 * rate charged until now is written as the fallback row in force from the beginning, so a change scheduled for
 * later never reprices calls made before it. One transaction, so a half-written price never applies.
 */
export async function setLocalComputePrice(db: Db, actor: Actor, raw: LocalComputeInput, now = new Date()): Promise<number> {
  return db.$transaction((tx) => writeLocalComputePrice(tx, actor, raw, now));
}

type LocalComputeInput = { computePerHour: string; effectiveFrom: string | Date };

async function writeLocalComputePrice(db: Tx, actor: Actor, raw: LocalComputeInput, now: Date): Promise<number> {
  if (!can(actor, 'admin.settings')) throw new ForbiddenError('Only admins can change prices');
  const micros = parseDollars('computePerHour', raw.computePerHour);
  const effectiveFrom = new Date(raw.effectiveFrom);
  if (Number.isNaN(effectiveFrom.getTime())) throw new ValidationError('effectiveFrom', 'must be a date and time');
  if (effectiveFrom.getTime() < now.getTime() - BACKDATE_GRACE_MS) throw new ValidationError('effectiveFrom', 'must not be in the past');
  const models = await db.priceCatalog.findMany({
    where: { provider: ModelProvider.LOCAL, model: { not: LOCAL_FALLBACK_MODEL }, OR: [{ tenantId: actor.tenantId }, { tenantId: null }] },
    select: { model: true },
    distinct: ['model'],
  });
  const upsert = (model: string, from: Date, computePerHourMicros: bigint) =>
    db.priceCatalog.upsert({
      where: { tenantId_model_effectiveFrom: { tenantId: actor.tenantId, model, effectiveFrom: from } },
      create: { tenantId: actor.tenantId, model, provider: ModelProvider.LOCAL, computePerHourMicros, effectiveFrom: from },
      update: { computePerHourMicros },
    });
  for (const { model } of models) await upsert(model, effectiveFrom, micros);
  const hasFallback = await db.priceCatalog.findFirst({
    where: { tenantId: actor.tenantId, model: LOCAL_FALLBACK_MODEL },
    select: { id: true },
  });
  if (!hasFallback) {
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { localComputeMicrosPerHour: true } });
    await upsert(LOCAL_FALLBACK_MODEL, new Date(0), tenant.localComputeMicrosPerHour);
  }
  await upsert(LOCAL_FALLBACK_MODEL, effectiveFrom, micros);
  // The form's default from now on; pricing reads the fallback rows above, which carry the effective dates.
  await db.tenant.update({ where: { id: actor.tenantId }, data: { localComputeMicrosPerHour: micros } });
  await db.auditLog.create({
    data: {
      tenantId: actor.tenantId,
      actorType: ActorType.USER,
      actorId: actor.id,
      entityType: 'Tenant',
      entityId: actor.tenantId,
      action: 'price.local_compute.set',
      changes: { computePerHourMicros: micros.toString(), effectiveFrom: effectiveFrom.toISOString() },
    },
  });
  return models.length;
}

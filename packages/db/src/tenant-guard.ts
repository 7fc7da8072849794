import { Prisma } from './generated/client';

/** Models with no tenant of their own, or reached only through system code. */
const GLOBAL_MODELS = new Set<string>([
  'Tenant',
  'User',
  'Account',
  'Session',
  'VerificationToken',
  'PriceCatalog',
  'RecoveryCode',
  'AccountToken',
]);

export const TENANT_MODELS: ReadonlySet<string> = new Set(Object.values(Prisma.ModelName).filter((name) => !GLOBAL_MODELS.has(name)));

export class TenantScopeError extends Error {
  constructor(model: string, operation: string) {
    super(`Refused ${model}.${operation}: queries on tenant-owned models must name a tenantId`);
    this.name = 'TenantScopeError';
  }
}

function namesTenant(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  if (value && typeof value === 'object' && 'equals' in value) return namesTenant((value as { equals: unknown }).equals);
  return false;
}

function whereNamesTenant(where: unknown): boolean {
  if (!where || typeof where !== 'object') return false;
  const w = where as Record<string, unknown>;
  if (namesTenant(w.tenantId)) return true;
  // Compound unique keys that start with tenantId, e.g. { tenantId_number: { tenantId, number } }.
  return (
    Object.entries(w).some(
      ([key, v]) =>
        key.startsWith('tenantId_') && v !== null && typeof v === 'object' && namesTenant((v as Record<string, unknown>).tenantId),
    ) ||
    (Array.isArray(w.AND) && w.AND.some(whereNamesTenant))
  );
}

function dataNamesTenant(data: unknown): boolean {
  if (Array.isArray(data)) return data.length > 0 && data.every(dataNamesTenant);
  if (!data || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  if (namesTenant(d.tenantId)) return true;
  const tenant = d.tenant as { connect?: { id?: unknown } } | undefined;
  return namesTenant(tenant?.connect?.id);
}

const CREATES = new Set(['create', 'createMany', 'createManyAndReturn']);

export function assertTenantScoped(model: string, operation: string, args: unknown): void {
  if (!TENANT_MODELS.has(model)) return;
  const a = (args ?? {}) as { where?: unknown; data?: unknown; create?: unknown };
  const ok = CREATES.has(operation)
    ? dataNamesTenant(a.data)
    : operation === 'upsert'
      ? whereNamesTenant(a.where) && dataNamesTenant(a.create)
      : whereNamesTenant(a.where);
  if (!ok) throw new TenantScopeError(model, operation);
}

export const tenantGuard = Prisma.defineExtension({
  name: 'tenant-guard',
  query: {
    $allModels: {
      async $allOperations({ model, operation, args, query }) {
        assertTenantScoped(model, operation, args);
        return query(args);
      },
    },
  },
});

export * from './generated/client';
export { createDb, createSystemClient, type Db, type Tx, type SystemClient } from './client';
export { tenantGuard, assertTenantScoped, TenantScopeError, TENANT_MODELS } from './tenant-guard';
export { migrate, assertSchemaPresent, defaultMigrationsDir, type MigrateResult } from './migrate';
export { getDb, getSystemDb, disconnectDb } from './singleton';
export { DomainError, ValidationError, NotFoundError, ForbiddenError, UnauthorizedError, ConflictError, isDatabaseUnavailable } from './errors';
export { hasRole, atLeast, type Actor } from './actor';

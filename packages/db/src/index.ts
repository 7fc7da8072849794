export * from './generated/client';
export { createDb, createSystemClient, pingDatabase, type Db, type Tx, type SystemClient } from './client';
export { tenantGuard, assertTenantScoped, TenantScopeError, TENANT_MODELS } from './tenant-guard';
export { migrate, assertSchemaPresent, defaultMigrationsDir, type MigrateResult } from './migrate';
export { getDb, getSystemDb, disconnectDb } from './singleton';
export {
  DomainError,
  ValidationError,
  NotFoundError,
  ForbiddenError,
  UnauthorizedError,
  ConflictError,
  isUniqueViolation,
  conflictOnDuplicate,
  isDatabaseUnavailable,
  parseInput,
  errorAnswer,
  fieldErrors,
  WHOLE_INPUT,
  plainIssue,
  type DomainErrorOptions,
  type ErrorAnswer,
  type ErrorStatus,
} from './errors';
export { hasRole, atLeast, type Actor } from './actor';
export {
  CAPABILITIES,
  can,
  roleCan,
  rolesWith,
  requireCapability,
  requireAgent,
  isPlatformAdmin,
  requirePlatformAdmin,
  type Capability,
} from './permissions';

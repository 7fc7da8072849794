export { createTestDatabase, testDatabaseUrl, adminUrl } from './test-database';
export { makeTenant, type TestTenant } from './fixtures';

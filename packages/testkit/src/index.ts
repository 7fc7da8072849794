export { createTestDatabase, testDatabaseUrl, adminUrl } from './test-database';
export { makeMember, makeTenant, type TestTenant } from './fixtures';

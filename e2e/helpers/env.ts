import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
// E2E_DATABASE, E2E_BASE_URL and E2E_REDIS_URL point a spec at a world started by hand (another database and port).
export const E2E_DATABASE = process.env.E2E_DATABASE ?? 'hd_e2e';
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_BASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
// E2E_PORT_OFFSET moves every port of the world (web, cloud stand-in, SMTP, mail catcher) so two worlds can run side by side.
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const PORTS = { web: 3100 + OFFSET, cloud: 4010 + OFFSET, smtp: 2525 + OFFSET, catcher: 2580 + OFFSET };
export const BASE_URL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${PORTS.web}`;
export const MAILBOX_DIR = path.join(ROOT, 'e2e', OFFSET ? `.mailbox-${OFFSET}` : '.mailbox');

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** What every server of the e2e run sees: its own database, Redis db 6, and local stand-ins for the cloud. */
export const SERVER_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  PORT: String(PORTS.web),
  DATABASE_URL: databaseUrl(E2E_DATABASE),
  REDIS_URL: process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379/6',
  NEXTAUTH_URL: BASE_URL,
  NEXTAUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123',
  ANTHROPIC_BASE_URL: `http://127.0.0.1:${PORTS.cloud}`,
  ANTHROPIC_API_KEY: 'test-key',
  SMTP_URL: `smtp://127.0.0.1:${PORTS.smtp}`,
  MAIL_CATCHER_URL: `http://127.0.0.1:${PORTS.catcher}`,
  LLAMA_THREADS: '1',
  LLAMA_GPU: 'off',
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
  // Prometheus' bearer token for /metrics, and each worker's own metrics port, moved with the world's offset.
  METRICS_TOKEN: 'e2e-metrics-token-0123456789',
  AI_WORKER_METRICS_PORT: String(9464 + 2 * OFFSET),
  OPS_WORKER_METRICS_PORT: String(9465 + 2 * OFFSET),
  // The suite sends many forms, mails and API calls from one address; security.spec.ts tests these limits on a server of its own.
  RATE_LIMITS: 'contactFormIp=100000/600,inboundAlias=100000/60,apiKey=100000/60',
};

/** The seeded demo tenant (prisma/seed.ts). */
export const DEMO = {
  password: 'demo-password-1',
  owner: 'owner@acme.test',
  admin: 'admin@acme.test',
  agent: 'agent@acme.test',
  billing: 'billing@acme.test',
};

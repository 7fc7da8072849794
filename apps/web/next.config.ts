import type { NextConfig } from 'next';

/** Headers every response gets, static files included. The CSP needs a per-request nonce and is set in proxy.ts. */
const SECURITY_HEADERS = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Ticket URLs and search terms stay inside the app; links in messages are also rel="noreferrer".
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

const config: NextConfig = {
  // NEXT_DIST_DIR lets a second build (e.g. one spec's) go elsewhere while another build is being served.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: [
    '@helpdesk/config',
    '@helpdesk/db',
    '@helpdesk/core',
    '@helpdesk/jobs',
    '@helpdesk/billing',
    '@helpdesk/escalation',
    '@helpdesk/classifier',
    '@helpdesk/ai',
    '@helpdesk/knowledge',
    '@helpdesk/llm',
    '@helpdesk/metrics',
    '@helpdesk/reports',
  ],
  // Native addons and connection libraries must be loaded by Node at runtime, not bundled.
  serverExternalPackages: [
    'argon2',
    'node-llama-cpp',
    'bullmq',
    'ioredis',
    'pg',
    '@prisma/adapter-pg',
    'mailparser',
    'nodemailer',
    'sanitize-html',
    // bull-board finds its UI files and templates on disk at run time.
    '@bull-board/api',
    '@bull-board/ui',
    '@bull-board/hono',
    '@hono/node-server',
    'hono',
    'prom-client',
  ],
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
  typedRoutes: false,
};

export default config;

import type { NextConfig } from 'next';

const config: NextConfig = {
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
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;

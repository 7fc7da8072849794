import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseRateLimits } from './rate-limits';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * llama.cpp's threads: all cores but one, which the worker's own JavaScript, the web app and Postgres need.
 * Measured on 2 cores (README, *Parallel sequences and threads*): a second thread doubles prompt evaluation on a
 * 50 MB model but halves generation (195 → 107 tokens/s) and cuts it twenty-fold on the demo model (1,839 → 86),
 * since each token then waits for a thread the rest of the stack is using.
 */
const defaultLlamaThreads = () => Math.max(1, availableParallelism() - 1);

/**
 * Every variable the product reads. `example` is printed when a value is missing or bad,
 * so an operator knows exactly what to set.
 */
export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .refine((v) => v.startsWith('postgres'), 'must be a postgresql:// URL')
    .describe('postgresql://postgres@127.0.0.1:5432/helpdesk'),
  REDIS_URL: z
    .string()
    .url()
    .refine((v) => v.startsWith('redis'), 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379')
    .describe('redis://127.0.0.1:6379'),
  NEXTAUTH_SECRET: z.string().min(16, 'must be at least 16 characters').describe('a long random string, e.g. `openssl rand -hex 32`'),
  NEXTAUTH_URL: z.string().url().default('http://localhost:3000').describe('http://localhost:3000'),
  ANTHROPIC_API_KEY: z.string().optional().describe('sk-ant-… (optional: without it the cloud side is simulated)'),
  ANTHROPIC_BASE_URL: z.string().url().optional().describe('http://127.0.0.1:4010 (a Messages API server)'),
  MODEL_PATH: z.string().default('models/tiny-llama-q4_0.gguf').describe('models/qwen2.5-7b-instruct-q4_k_m.gguf'),
  EMBEDDING_MODEL_PATH: z.string().optional().describe('models/nomic-embed-text-v1.5.Q4_K_M.gguf (defaults to MODEL_PATH)'),
  KB_INDEX_MAX_MB: int(1, 65536)
    .default(512)
    .describe("512 (memory cap of the AI worker's per-tenant knowledge vectors; least recently used tenants are evicted)"),
  LLAMA_THREADS: int(1, 256).default(defaultLlamaThreads).describe('3 (default: the cores but one)'),
  LLAMA_GPU: z.enum(['auto', 'off']).default('auto').describe('auto | off'),
  LLAMA_GPU_LAYERS: z
    .union([z.enum(['auto', 'max']), int(0, 1000)])
    .default('auto')
    .describe('auto | max | 33 (layers offloaded to the GPU; auto fits free VRAM)'),
  LLAMA_FLASH_ATTENTION: z.enum(['on', 'off']).default('off').describe('on | off (on pays on a GPU; the CPU build ignores it)'),
  LLAMA_BATCH_SIZE: int(1, 65536).optional().describe("512 (tokens decoded per batch; llama.cpp's default when unset)"),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      'a long random string (Prometheus sends it as `Authorization: Bearer …` to /metrics; without it only platform admins may read /metrics)',
    ),
  // Loopback by default: `npm start` seeds accounts with a published demo password, and a worker's /metrics has no
  // sign-in, so neither may face the network until an operator says so (the Dockerfile does, for its port mapping).
  BIND_ADDRESS: z
    .union([z.ipv4(), z.ipv6()], { error: 'must be an IP address such as 127.0.0.1 or 0.0.0.0' })
    .default('127.0.0.1')
    .describe("127.0.0.1 (where the web app and the workers' /metrics listen; 0.0.0.0 to serve other machines)"),
  AI_WORKER_METRICS_PORT: int(0, 65535).default(9464).describe("9464 (the AI worker's own /metrics; 0 turns it off)"),
  OPS_WORKER_METRICS_PORT: int(0, 65535).default(9465).describe("9465 (the ops worker's own /metrics; 0 turns it off)"),
  LLAMA_SEQUENCES: int(1, 64).default(2).describe('2'),
  LLAMA_CONTEXT_SIZE: int(256, 131072).default(4096).describe('4096'),
  AI_JOB_LOCK_MS: int(1000, 600_000).default(30_000).describe("30000 (a crashed AI worker's job is retried after this)"),
  STORAGE_DIR: z.string().default('.data/attachments').describe('.data/attachments'),
  ATTACHMENT_MAX_BYTES: int(1, 1024 * 1024 * 1024)
    .default(10 * 1024 * 1024)
    .describe('10485760'),
  SMTP_URL: z.string().default('smtp://127.0.0.1:2525').describe('smtp://user:pass@smtp.example.com:587'),
  MAIL_CATCHER_URL: z
    .string()
    .url()
    .optional()
    .describe("http://127.0.0.1:2580 (the local mail catcher's inbox, linked from delivery statuses; `npm start` sets it)"),
  MAIL_FROM_DOMAIN: z.string().default('helpdesk.localhost').describe('support.example.com'),
  PORT: int(1, 65535).default(3000).describe('3000'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('info'),
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .describe(
      'alerts.internal,10.0.0.5 (host names a self-hosted install may send webhooks to although they resolve to private addresses)',
    ),
  RATE_LIMITS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        return parseRateLimits(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .describe('contactFormIp=5/600,signInAccount=10/900/900 (points/seconds[/block seconds]; unset = built-in defaults)'),
});

export type AppConfig = z.infer<typeof configSchema>;

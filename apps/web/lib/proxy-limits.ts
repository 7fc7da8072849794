import { Redis } from 'ioredis';
import { loadConfig } from '@helpdesk/config';
import { clientIp, RateLimitedError, RateLimiters } from '@helpdesk/core/rate-limit';

// The proxy cannot use lib/clients (it would pull Prisma into the proxy bundle); it keeps its own Redis connection.
const holder = globalThis as unknown as { __helpdeskProxyLimiters?: RateLimiters };

function limiters(): RateLimiters {
  const config = loadConfig();
  holder.__helpdeskProxyLimiters ??= new RateLimiters(new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }), {
    limits: config.RATE_LIMITS,
  });
  return holder.__helpdeskProxyLimiters;
}

/**
 * Counts a public contact-form submission per client address. The answer to a refused server action is plain text:
 * Next.js hands a `text/plain` error body to the form as the error message, so the visitor reads why.
 */
export async function limitContactForm(headers: Headers): Promise<Response | null> {
  try {
    await limiters().consume('contactFormIp', clientIp(headers));
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    const minutes = Math.ceil(error.retryAfterSeconds / 60);
    return new Response(`Too many messages from your network; please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
      status: 429,
      headers: { 'content-type': 'text/plain', 'retry-after': String(error.retryAfterSeconds) },
    });
  }
}

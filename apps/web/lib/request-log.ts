import { headers } from 'next/headers';
import { logger, withLogContext, type LogContext } from '@helpdesk/logging';

/** Runs a route handler's or action's work with its request id (set by proxy.ts) and tenant on every log line. */
export async function withRequestLog<T>(tenantId: string | undefined, fn: () => Promise<T>): Promise<T> {
  const requestId = (await headers()).get('x-request-id') ?? undefined;
  const ctx: LogContext = { ...(requestId ? { requestId } : {}), ...(tenantId ? { tenantId } : {}) };
  return withLogContext(ctx, fn);
}

export const webLogger = logger.child({ component: 'web' });

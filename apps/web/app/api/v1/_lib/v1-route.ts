import { NextResponse, type NextRequest } from 'next/server';
import { authenticateApiKey, requireScope, type ApiKeyAuth, type ApiScope } from '@helpdesk/core/api-keys';
import { withIdempotency } from '@helpdesk/core/idempotency';
import { assertStorableInput } from '@helpdesk/core/text-safety';
import type { Prisma } from '@helpdesk/db';
import { errorResponse } from '@/lib/api';
import { withRequestLog } from '@/lib/request-log';
import { db, rateLimiters, systemDb } from '@/lib/clients';

export interface V1Context<P> {
  auth: ApiKeyAuth;
  params: P;
  /** Parsed JSON body for writes; undefined for reads. */
  body: unknown;
}

export interface V1Result {
  status: number;
  body: unknown;
}

type RouteContext<P> = { params: Promise<P> };

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

async function readJson(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  return JSON.parse(text) as unknown;
}

/** Plain JSON (Dates as ISO strings) so a replayed response is byte-for-byte what the first call returned. */
function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}

/**
 * REST v1 adapter: API key auth (no session), scope check, a per-key rate limit (429 + Retry-After), JSON body, Idempotency-Key on writes, and
 * DomainError/ZodError mapped to `{ error: { code, message, field } }`.
 */
export function v1Route<P = Record<string, string>>(scope: ApiScope, handler: (req: NextRequest, ctx: V1Context<P>) => Promise<V1Result>) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const auth = await authenticateApiKey(systemDb(), req.headers.get('authorization'));
      requireScope(auth, scope);
      // Every line logged while serving the call names its request and tenant.
      return await withRequestLog(auth.actor.tenantId, async () => {
        await rateLimiters().consume('apiKey', auth.apiKeyId);
        const params = ((await ctx?.params) ?? {}) as P;
        const isWrite = WRITES.has(req.method);
        const body = isWrite ? await readJson(req) : undefined;
        // Path and query values and every JSON string: a NUL or lone surrogate is the sender's 400, not our 500.
        assertStorableInput({ ...searchParams(req), ...(params as object) });
        if (body !== undefined) assertStorableInput(body);
        const key = isWrite ? req.headers.get('idempotency-key') : null;
        if (key === null) {
          const result = await handler(req, { auth, params, body });
          return NextResponse.json(toJson(result.body), { status: result.status });
        }
        const path = new URL(req.url).pathname;
        const result = await withIdempotency(
          db(),
          { tenantId: auth.actor.tenantId, apiKeyId: auth.apiKeyId, key, method: req.method, path, body },
          async () => {
            const r = await handler(req, { auth, params, body });
            return { status: r.status, body: toJson(r.body) };
          },
        );
        return NextResponse.json(result.body, { status: result.status, headers: result.replayed ? { 'idempotent-replayed': 'true' } : {} });
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function searchParams(req: NextRequest): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams.entries());
}

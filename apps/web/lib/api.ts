import { NextResponse, type NextRequest } from 'next/server';
import { ZodError } from 'zod';
import { DomainError, isDatabaseUnavailable, type Actor, type Role } from '@helpdesk/db';
import { RateLimitedError, rateLimitedResponse } from '@helpdesk/core/rate-limit';
import { zodIssueField } from '@helpdesk/core/text-safety';
import { currentMember, memberActor, type Member } from './session';

export interface ApiContext<P> {
  member: Member;
  actor: Actor;
  params: P;
}

type RouteContext<P> = { params: Promise<P> };

export function apiError(status: number, code: string, message: string, field?: string): NextResponse {
  return NextResponse.json({ error: { code, message, field } }, { status });
}

/** Maps what domain code throws to the JSON answer a client can act on. */
export function errorResponse(error: unknown): Response {
  if (error instanceof RateLimitedError) return rateLimitedResponse(error);
  if (error instanceof DomainError) return apiError(error.status, error.code, error.message, error.field);
  if (error instanceof ZodError) {
    const { field, message } = zodIssueField(error);
    return apiError(400, 'validation_error', message, field);
  }
  if (error instanceof SyntaxError) return apiError(400, 'validation_error', 'body: is not valid JSON', 'body');
  if (isDatabaseUnavailable(error)) {
    // Nothing was stored (each write is one transaction): the caller may retry, and relays do on 503.
    const response = apiError(503, 'unavailable', 'The database is unavailable; retry shortly');
    response.headers.set('Retry-After', '5');
    return response;
  }
  console.error(error);
  return apiError(500, 'internal_error', 'Something went wrong; the error was logged');
}

/** Wraps a route handler: signed-in member required (401), role checked (403), errors mapped. */
export function apiRoute<P = Record<string, string>>(
  handler: (req: NextRequest, ctx: ApiContext<P>) => Promise<Response> | Response,
  options: { roles?: readonly Role[] } = {},
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const member = await currentMember();
      if (!member) return apiError(401, 'unauthorized', 'Sign in first');
      if (member.twoFactorMissing) return apiError(403, 'two_factor_required', 'This workspace requires two-factor sign-in for owners and admins; set it up at /account/security');
      if (options.roles && !options.roles.includes(member.role)) {
        return apiError(403, 'forbidden', `This needs one of the roles: ${options.roles.join(', ')}`);
      }
      const params = ((await ctx?.params) ?? {}) as P;
      return await handler(req, { member, actor: memberActor(member), params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

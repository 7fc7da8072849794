import { NextResponse, type NextRequest } from 'next/server';
import { ValidationError, WHOLE_INPUT, errorAnswer, type Actor } from '@helpdesk/db';
import { errorFields } from '@helpdesk/logging';
import { roleCan, type Capability } from '@helpdesk/core/permissions';
import { RateLimitedError, rateLimitedResponse } from '@helpdesk/core/rate-limit';
import { withRequestLog, webLogger } from './request-log';
import { currentMember, memberActor, type Member } from './session';

export interface ApiContext<P> {
  member: Member;
  actor: Actor;
  params: P;
}

type RouteContext<P> = { params: Promise<P> };

export function apiError(
  status: number,
  code: string,
  message: string,
  field?: string,
  fields?: Readonly<Record<string, string>>,
): NextResponse {
  return NextResponse.json(
    { error: { code, message, field, ...(fields && Object.keys(fields).length > 1 ? { fields } : {}) } },
    { status },
  );
}

/**
 * Maps what domain code throws to the JSON answer a client can act on (the mapping itself is errorAnswer). An API
 * client has no form to show a field error next to, so the message names the field; `fields` lists every field's
 * problem when there are several.
 */
export function errorResponse(error: unknown): Response {
  if (error instanceof RateLimitedError) return rateLimitedResponse(error);
  if (error instanceof SyntaxError) return errorResponse(new ValidationError('body', 'is not valid JSON'));
  const answer = errorAnswer(error);
  if (!answer) {
    webLogger.error(errorFields(error), 'unhandled error in a route handler');
    return apiError(500, 'internal_error', 'Something went wrong; the error was logged');
  }
  // An API's input as a whole is its JSON body.
  const field = answer.field === WHOLE_INPUT ? 'body' : answer.field;
  const fields =
    answer.fields && WHOLE_INPUT in answer.fields
      ? Object.fromEntries(Object.entries(answer.fields).map(([k, v]) => [k === WHOLE_INPUT ? 'body' : k, v]))
      : answer.fields;
  const response = apiError(answer.status, answer.code, field ? `${field}: ${answer.message}` : answer.message, field, fields);
  // Nothing was stored (each write is one transaction): relays and API clients retry on 503.
  if (answer.status === 503) response.headers.set('Retry-After', '5');
  return response;
}

/** Wraps a route handler: signed-in member required (401), capability checked (403), errors mapped. */
export function apiRoute<P = Record<string, string>>(
  handler: (req: NextRequest, ctx: ApiContext<P>) => Promise<Response> | Response,
  options: { can?: Capability } = {},
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const member = await currentMember();
      if (!member) return apiError(401, 'unauthorized', 'Sign in first');
      if (member.twoFactorMissing)
        return apiError(
          403,
          'two_factor_required',
          'This workspace requires two-factor sign-in for owners and admins; set it up at /account/security',
        );
      if (options.can && !roleCan(member.role, options.can)) return apiError(403, 'forbidden', `Your role cannot do this (${options.can})`);
      const params = ((await ctx?.params) ?? {}) as P;
      return await withRequestLog(member.tenantId, () => Promise.resolve(handler(req, { member, actor: memberActor(member), params })));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

import NextAuth from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { RateLimitedError, clientIp } from '@helpdesk/core/rate-limit';
import { SIGN_IN_ERRORS, authOptions } from '@/lib/auth-options';
import { rateLimiters } from '@/lib/clients';

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * A locked account or client gets 429 with Retry-After before any password is checked. The body keeps NextAuth's
 * `{ url }` shape with the error in it, so the sign-in form shows the same message as for a lock found later.
 */
async function lockedResponse(req: NextRequest, params: { nextauth: string[] }): Promise<Response | null> {
  if (req.method !== 'POST' || params.nextauth.join('/') !== 'callback/credentials') return null;
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const email = String(form?.get('email') ?? '')
    .trim()
    .toLowerCase();
  try {
    if (email) await rateLimiters().check('signInAccount', email);
    await rateLimiters().check('signInIp', clientIp(req.headers));
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    const url = new URL('/api/auth/error', req.nextUrl.origin);
    url.searchParams.set('error', `${SIGN_IN_ERRORS.locked}:${error.retryAfterSeconds}`);
    return NextResponse.json({ url: url.toString() }, { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } });
  }
}

async function handler(req: NextRequest, ctx: Context) {
  const params = await ctx.params;
  return (await lockedResponse(req, params)) ?? NextAuth(req, { params }, authOptions());
}

export { handler as GET, handler as POST };

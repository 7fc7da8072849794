import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { crossOriginCheck, isSafeMethod } from '@helpdesk/core/csrf';
import { limitContactForm } from '@/lib/proxy-limits';
import { contentSecurityPolicy } from '@/lib/security-headers';

/** Signed-in sections: signed-out visitors go to /signin, remembering where they were going. Pages still check the member. */
const SECTIONS = ['/inbox', '/tickets', '/customers', '/knowledge', '/ai', '/reports', '/notifications', '/billing', '/admin'];
/** Authenticated by a signature or an API key, never by cookies, and called by servers: no cross-origin check. */
const CROSS_ORIGIN_EXEMPT = ['/api/inbound/', '/api/v1/'];
const CONTACT_FORM = /^\/contact\/[^/]+\/?$/;

const inSection = (pathname: string) => SECTIONS.some((s) => pathname === s || pathname.startsWith(`${s}/`));

/** Next.js answers a bare 500 before any handler runs when a path segment is not valid percent-encoded UTF-8. */
function undecodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

/**
 * Runs before every route: refuses cross-origin state changes (route handlers and server actions alike, 403),
 * rate-limits the public contact form, sends signed-out visitors of the app to /signin, and sets a per-request CSP nonce.
 */
export async function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  const appUrl = process.env.NEXTAUTH_URL;
  if (undecodablePath(pathname)) {
    const message = 'path: is not valid percent-encoded UTF-8';
    return pathname.startsWith('/api/')
      ? NextResponse.json({ error: { code: 'validation_error', message, field: 'path' } }, { status: 400 })
      : new NextResponse(message, { status: 400, headers: { 'content-type': 'text/plain' } });
  }
  if (!isSafeMethod(req.method) && !CROSS_ORIGIN_EXEMPT.some((p) => pathname.startsWith(p))) {
    const verdict = crossOriginCheck({ method: req.method, headers: req.headers, trustedOrigins: appUrl ? [new URL(appUrl).origin] : [] });
    if (!verdict.ok) {
      return new NextResponse(`Cross-origin request refused (${verdict.reason})`, {
        status: 403,
        headers: { 'content-type': 'text/plain' },
      });
    }
  }
  if (req.method === 'POST' && CONTACT_FORM.test(pathname)) {
    const refused = await limitContactForm(req.headers);
    if (refused) return refused;
  }
  if (inSection(pathname)) {
    const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
    if (!token?.userId) {
      const url = new URL('/signin', req.url);
      url.searchParams.set('callbackUrl', `${pathname}${req.nextUrl.search}`);
      return NextResponse.redirect(url);
    }
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const https = (appUrl ?? req.url).startsWith('https:');
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  // A reverse proxy's request id is kept when it is plain, so its lines and ours join; otherwise ours is new.
  const incomingId = req.headers.get('x-request-id');
  const requestId = incomingId && /^[\w.:-]{8,128}$/.test(incomingId) ? incomingId : crypto.randomUUID();
  requestHeaders.set('x-request-id', requestId);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set('x-request-id', requestId);
  res.headers.set('content-security-policy', csp);
  if (https) res.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return res;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};

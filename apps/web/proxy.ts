import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';

/**
 * Sends signed-out visitors of the app's sections to /signin, remembering where they were going.
 * Pages still check the member (and role) themselves: this only saves a render and keeps the return path.
 */
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
  if (token?.userId) return NextResponse.next();
  const url = new URL('/signin', req.url);
  url.searchParams.set('callbackUrl', `${req.nextUrl.pathname}${req.nextUrl.search}`);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/inbox/:path*', '/tickets/:path*', '/customers/:path*', '/knowledge/:path*', '/ai/:path*', '/billing/:path*', '/admin/:path*'],
};

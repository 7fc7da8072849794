import { timingSafeEqual } from 'node:crypto';
import { loadConfig } from '@helpdesk/config';
import { NextResponse, type NextRequest } from 'next/server';
import { webMetrics } from '@/lib/metrics';
import { currentMember } from '@/lib/session';

export const dynamic = 'force-dynamic';

function bearerMatches(header: string | null, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Prometheus scrape of the web app: queue depth and wait, cloud circuits and every tenant's budget use, so it is for
 * the platform operator only: Prometheus with METRICS_TOKEN as a bearer token, or a signed-in platform admin.
 */
export async function GET(req: NextRequest) {
  if (!bearerMatches(req.headers.get('authorization'), loadConfig().METRICS_TOKEN)) {
    const member = await currentMember();
    if (!member)
      return new NextResponse('Send the METRICS_TOKEN as a bearer token, or sign in as a platform admin', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer' },
      });
    if (!member.platformAdmin) return new NextResponse('Only platform administrators can read the metrics', { status: 403 });
  }
  const registry = webMetrics();
  return new NextResponse(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}

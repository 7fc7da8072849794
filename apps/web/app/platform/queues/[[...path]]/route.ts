import { headers } from 'next/headers';
import type { NextRequest } from 'next/server';
import { apiError } from '@/lib/api';
import { queueBoard, refusedBoardAction, withNonce } from '@/lib/queue-board';
import { currentMember } from '@/lib/session';

export const dynamic = 'force-dynamic';

/**
 * The queue dashboard (bull-board) for platform operators only: everyone else, signed in or not, gets the same 404
 * as an unknown route handler, so tenants do not learn it is there.
 */
async function board(req: NextRequest): Promise<Response> {
  const member = await currentMember();
  if (!member?.platformAdmin) return apiError(404, 'not_found', 'Not found');
  if (refusedBoardAction(req.method, req.nextUrl.pathname)) {
    return apiError(403, 'forbidden', 'This action is not available from the dashboard');
  }
  const res = await queueBoard().fetch(req);
  if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) return res;
  const nonce = (await headers()).get('x-nonce') ?? '';
  const out = new Response(withNonce(await res.text(), nonce), { status: res.status, headers: res.headers });
  out.headers.delete('content-length');
  return out;
}

export const GET = board;
export const POST = board;
export const PUT = board;
export const PATCH = board;

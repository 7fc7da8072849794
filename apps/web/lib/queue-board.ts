import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { getQueue, queueNames } from '@helpdesk/jobs';
import { redis } from './clients';

export const QUEUE_BOARD_PATH = '/platform/queues';

const holder = globalThis as unknown as { __helpdeskQueueBoard?: Hono };

/**
 * bull-board for the platform operator, through its Hono adapter: Hono answers standard Requests, so a Next route
 * handler can pass every method under QUEUE_BOARD_PATH to it. Every queue of the registry, with retry allowed.
 */
export function queueBoard(): Hono {
  if (holder.__helpdeskQueueBoard) return holder.__helpdeskQueueBoard;
  const adapter = new HonoAdapter(serveStatic).setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queueNames.map((name) => new BullMQAdapter(getQueue(name, redis()), { allowRetries: true, readOnlyMode: false })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Helpdesk queues' } },
  });
  holder.__helpdeskQueueBoard = new Hono().route(QUEUE_BOARD_PATH, adapter.registerPlugin());
  return holder.__helpdeskQueueBoard;
}

/**
 * Actions that rewrite or drop other tenants' work wholesale (a job's payload, a whole queue) are not an operator's
 * everyday tool: refused here; retry, promote, clean, pause and resume remain.
 */
const REFUSED = [/\/api\/queues\/[^/]+\/obliterate$/, /\/api\/queues\/[^/]+\/empty$/, /\/api\/queues\/[^/]+\/add$/, /\/update-data$/];

export function refusedBoardAction(method: string, pathname: string): boolean {
  return method !== 'GET' && REFUSED.some((r) => r.test(pathname));
}

/**
 * bull-board's page loads its scripts with plain <script src> tags; the app's CSP only runs scripts carrying the
 * request's nonce, so the nonce is added to them. The Google Fonts link is dropped: the page needs no third party.
 */
export function withNonce(html: string, nonce: string): string {
  return html.replace(/<script(?=[\s>])/g, `<script nonce="${nonce}"`).replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, '');
}

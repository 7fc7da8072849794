import { Prisma, ValidationError, type Db, type MessageKind } from '@helpdesk/db';
import { ticketWhereSql, type TicketFilters } from './ticket-filters';
import { pageSql, TICKET_COLUMNS, toListItem, type TicketListItem, type TicketRow } from './ticket-rows';

/**
 * Ranking is done over the most recently updated matches only: ranking every match of a common word in a
 * million tickets costs seconds, and an agent looking for a ticket almost always wants a recent one.
 */
export const SEARCH_CANDIDATES = 100;
export const MAX_SEARCH_PAGE = 50;

const START = '\u0001';
const STOP = '\u0002';
const HEADLINE_SUBJECT = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;
const HEADLINE_BODY = `StartSel=${START}, StopSel=${STOP}, MaxWords=25, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;

/** Highlighted text as plain segments, so the UI renders <mark> without ever injecting HTML. */
export type Highlight = { text: string; match: boolean }[];

export function toHighlight(headline: string): Highlight {
  const segments: Highlight = [];
  for (const [i, part] of headline.split(START).entries()) {
    const [matched, rest] = i === 0 ? [null, part] : [part.split(STOP)[0] ?? '', part.split(STOP).slice(1).join('')];
    if (matched) segments.push({ text: matched, match: true });
    if (rest) segments.push({ text: rest, match: false });
  }
  return segments;
}

export interface SearchHit extends TicketListItem {
  rank: number;
  subjectHighlight: Highlight;
  /** The best-matching message of the thread, when the words are in a message rather than only the subject. */
  message: { id: string; kind: MessageKind; snippet: Highlight } | null;
}

export interface SearchOptions {
  viewerId?: string | null;
  limit?: number;
  offset?: number;
  now?: Date;
}

/** `197` or `#197`: the query may be a ticket number, which then ranks first. */
export function ticketNumberIn(text: string): number | null {
  const match = /^#?(\d{1,10})$/.exec(text);
  const number = match ? Number(match[1]) : NaN;
  return Number.isInteger(number) && number >= 1 && number <= 2_147_483_647 ? number : null;
}

/**
 * Full-text search (websearch syntax: quotes, OR, -word) over subjects and every message of a tenant's
 * tickets, combinable with the list filters, best match first; a ticket number finds that ticket.
 */
export async function searchTickets(
  db: Db,
  tenantId: string,
  q: string,
  filters: TicketFilters,
  options: SearchOptions = {},
): Promise<{ hits: SearchHit[]; hasMore: boolean }> {
  const text = q.trim();
  if (!text) throw new ValidationError('q', 'enter at least one word to search for');
  if (text.length > 200) throw new ValidationError('q', 'is at most 200 characters');
  const viewerId = options.viewerId ?? null;
  const now = options.now ?? new Date();
  const take = Math.min(Math.max(1, Math.trunc(options.limit ?? 25)), MAX_SEARCH_PAGE);
  const offset = options.offset ?? 0;
  // Only the best SEARCH_CANDIDATES matches are ranked, so no page starts past them.
  if (!Number.isInteger(offset) || offset < 0 || offset > SEARCH_CANDIDATES)
    throw new ValidationError('offset', `must be a whole number from 0 to ${SEARCH_CANDIDATES}`);
  const where = ticketWhereSql(tenantId, filters, viewerId, now);
  // The tsquery is written inline (not in a CTE) so the planner sees the words: a common word walks the
  // recency index and stops early, a rare one goes through the GIN index.
  const tsq = Prisma.sql`websearch_to_tsquery('english', ${text})`;
  const number = ticketNumberIn(text);
  const matches =
    number === null ? Prisma.sql`t."searchVector" @@ ${tsq}` : Prisma.sql`(t."searchVector" @@ ${tsq} OR t.number = ${number})`;
  // ts_rank is below 1, so the numbered ticket outranks every text match.
  const rank =
    number === null
      ? Prisma.sql`ts_rank(t."searchVector", ${tsq})`
      : Prisma.sql`(CASE WHEN t.number = ${number} THEN 1 ELSE 0 END + ts_rank(t."searchVector", ${tsq}))`;
  const inner = Prisma.sql`
    SELECT ${TICKET_COLUMNS}, ${rank}::float8 AS rank
      FROM (SELECT t.id FROM "Ticket" t
             WHERE ${where} AND ${matches}
             ORDER BY ${number === null ? Prisma.empty : Prisma.sql`t.number = ${number} DESC,`} t."updatedAt" DESC
             LIMIT ${SEARCH_CANDIDATES}) c
      JOIN "Ticket" t ON t.id = c.id AND t."tenantId" = ${tenantId}
     ORDER BY rank DESC, t."updatedAt" DESC, t.id DESC
     LIMIT ${take + 1} OFFSET ${offset}`;
  // The best-matching message of each hit comes back in the same round trip, ranked within its thread.
  const body = Prisma.sql`to_tsvector('english', left(m."bodyText", 20000))`;
  const extra = Prisma.sql`, ts_headline('english', t.subject, ${tsq}, ${HEADLINE_SUBJECT}) AS "subjectHeadline",
    (SELECT json_build_object('id', m.id, 'kind', m.kind, 'headline', ts_headline('english', left(m."bodyText", 20000), ${tsq}, ${HEADLINE_BODY}))
       FROM "Message" m
      WHERE m."tenantId" = ${tenantId} AND m."ticketId" = t.id AND ${body} @@ ${tsq}
      ORDER BY ts_rank(${body}, ${tsq}) DESC, m."createdAt" DESC
      LIMIT 1) AS "bestMessage"`;
  const rows = await db.$queryRaw<
    (TicketRow & { rank: number; subjectHeadline: string; bestMessage: { id: string; kind: MessageKind; headline: string } | null })[]
  >(pageSql(tenantId, viewerId, inner, Prisma.sql`t.rank DESC, t."updatedAt" DESC, t.id DESC`, extra));
  const page = rows.slice(0, take);
  return {
    hits: page.map((r) => ({
      ...toListItem(r, viewerId, now),
      rank: r.rank,
      subjectHighlight: toHighlight(r.subjectHeadline),
      message: r.bestMessage ? { id: r.bestMessage.id, kind: r.bestMessage.kind, snippet: toHighlight(r.bestMessage.headline) } : null,
    })),
    hasMore: rows.length > take,
  };
}

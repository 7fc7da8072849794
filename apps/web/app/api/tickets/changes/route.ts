import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { changeTokenFor } from '@helpdesk/core';
import { apiRoute } from '@/lib/api';
import { db } from '@/lib/clients';

export const dynamic = 'force-dynamic';

const query = z.object({ ticketId: z.string().min(1).max(64).optional() });

/** Polling alternative to the stream: the change token as an ETag, 304 while nothing changed. */
export const GET = apiRoute(
  async (req: NextRequest, { member }) => {
    const { ticketId } = query.parse({ ticketId: req.nextUrl.searchParams.get('ticketId') ?? undefined });
    const token = await changeTokenFor(db(), member.tenantId, ticketId);
    const etag = `"${token}"`;
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (req.headers.get('if-none-match') === etag) return new NextResponse(null, { status: 304, headers });
    return NextResponse.json({ token }, { headers });
  },
  { roles: ['OWNER', 'ADMIN', 'AGENT'] },
);

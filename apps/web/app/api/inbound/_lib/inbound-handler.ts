import { NextResponse, type NextRequest } from 'next/server';
import { loadConfig } from '@helpdesk/config';
import { createAttachmentStore } from '@helpdesk/core/attachments';
import { findInboundTenant, readInboundBody, receiveInboundEmail } from '@helpdesk/core/inbound-email';
import { errorResponse } from '@/lib/api';
import { db, rateLimiters } from '@/lib/clients';

/**
 * The inbound mail relay posts the raw message here, signed with the tenant's inbound secret
 * (HMAC-SHA256 over `${timestamp}.` followed by the body's bytes). No session: the signature is the authentication.
 * The rate limit and the alias are checked before a byte of the body is read, and the body is read as bytes (never decoded as
 * text here), so the signature covers exactly what arrived and each MIME part keeps its own charset.
 * Served at /api/inbound/email/{alias} and, for relays configured with the short form, /api/inbound/{alias}.
 */
export async function receiveInboundRoute(req: NextRequest, ctx: { params: Promise<{ alias: string }> }): Promise<Response> {
  try {
    const { alias } = await ctx.params;
    // Per alias, before the body is read or the database asked.
    await rateLimiters().consume('inboundAlias', alias.toLowerCase());
    const config = loadConfig();
    const tenant = await findInboundTenant(db(), alias);
    const rawMime = await readInboundBody(req.body, req.headers.get('content-length'));
    const result = await receiveInboundEmail(
      db(),
      {
        alias,
        rawMime,
        timestamp: req.headers.get('x-helpdesk-timestamp') ?? '',
        signature: req.headers.get('x-helpdesk-signature') ?? '',
      },
      { store: createAttachmentStore(config), tenant },
    );
    return NextResponse.json(result, { status: result.outcome === 'created' ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}

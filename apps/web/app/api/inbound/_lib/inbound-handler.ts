import { NextResponse, type NextRequest } from 'next/server';
import { loadConfig } from '@helpdesk/config';
import { createAttachmentStore } from '@helpdesk/core/attachments';
import { receiveInboundEmail } from '@helpdesk/core/inbound-email';
import { errorResponse } from '@/lib/api';
import { db } from '@/lib/clients';

/**
 * The inbound mail relay posts the raw message here, signed with the tenant's inbound secret
 * (HMAC-SHA256 over `${timestamp}.${body}`). No session: the signature is the authentication.
 * Served at /api/inbound/email/{alias} and, for relays configured with the short form, /api/inbound/{alias}.
 */
export async function receiveInboundRoute(req: NextRequest, ctx: { params: Promise<{ alias: string }> }): Promise<Response> {
  try {
    const { alias } = await ctx.params;
    const config = loadConfig();
    const result = await receiveInboundEmail(
      db(),
      {
        alias,
        rawMime: await req.text(),
        timestamp: req.headers.get('x-helpdesk-timestamp') ?? '',
        signature: req.headers.get('x-helpdesk-signature') ?? '',
      },
      { store: createAttachmentStore(config) },
    );
    return NextResponse.json(result, { status: result.outcome === 'created' ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}

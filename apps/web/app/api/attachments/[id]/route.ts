import { loadConfig } from '@helpdesk/config';
import { createAttachmentStore, openAttachment } from '@helpdesk/core/attachments';
import { apiRoute } from '@/lib/api';
import { db } from '@/lib/clients';

/**
 * Agents download a ticket's attachments here, whatever their type: always as a download (never rendered
 * in our origin), types we do not show as plain bytes, and sandboxed should a browser open one anyway.
 */
export const GET = apiRoute<{ id: string }>(
  async (_req, { member, params }) => {
    const file = await openAttachment(db(), createAttachmentStore(loadConfig()), member.tenantId, params.id);
    const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return new Response(new Uint8Array(file.data), {
      headers: {
        'content-type': file.contentType,
        'content-length': String(file.data.length),
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-store',
      },
    });
  },
  { can: 'tickets.view' },
);

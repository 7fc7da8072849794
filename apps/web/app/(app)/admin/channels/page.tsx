import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getChannelSettings } from '@helpdesk/core/channel-settings';
import { INBOUND_REPLAY_WINDOW_MS } from '@helpdesk/core/inbound-email';
import { PageHeader } from '@/components/shell/page-header';
import { TitledCard } from '@/components/ui/card';
import { db } from '@/lib/clients';
import { memberActor, requireMember } from '@/lib/session';
import { CopyButton } from '../api-keys/copy-button';
import { InboundSecret } from './inbound-secret';

export const metadata: Metadata = { title: 'Channels' };

async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host');
  return host ? `${h.get('x-forwarded-proto') ?? 'http'}://${host}` : (process.env.NEXTAUTH_URL ?? '');
}

function UrlLine({ url, label }: { url: string; label: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <code className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all text-slate-900">{url}</code>
      <CopyButton value={url} label={label} />
    </div>
  );
}

export default async function ChannelsPage() {
  const member = await requireMember('admin.settings');
  const settings = await getChannelSettings(db(), memberActor(member));
  const base = await origin();
  const webhook = `${base}/api/inbound/email/${settings.inboundAlias}`;
  const contact = `${base}/contact/${settings.slug}`;
  const windowMinutes = INBOUND_REPLAY_WINDOW_MS / 60_000;
  return (
    <>
      <PageHeader title="Channels" description="Where customer messages come in: inbound email and the public contact form." />
      <div className="space-y-6">
        <TitledCard title="Inbound email webhook" contentClassName="space-y-4 text-sm text-slate-800">
          <p>Configure your mail relay to POST each raw message (the full MIME source, as the request body) to:</p>
          <UrlLine url={webhook} label="Copy webhook URL" />
          <div>
            <h3 className="font-semibold text-slate-900">Signing requests</h3>
            <ol className="mt-2 list-decimal space-y-1 pl-5">
              <li>
                Take the current time in Unix seconds and send it as <code className="font-mono">x-helpdesk-timestamp</code>.
              </li>
              <li>
                Compute HMAC-SHA256 with the signing secret over <code className="font-mono">{'${timestamp}.${rawMime}'}</code> (the
                timestamp, a dot, then the exact request body).
              </li>
              <li>
                Send the lowercase hex digest as <code className="font-mono">x-helpdesk-signature</code>.
              </li>
            </ol>
            <p className="mt-2">
              Requests more than {windowMinutes} minutes old or with a wrong signature are refused with 401; a repeated Message-ID is
              accepted once.
            </p>
            <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">
              {`ts=$(date +%s)\nsig=$({ printf '%s.' "$ts"; cat message.eml; } | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')\ncurl -X POST ${webhook} \\\n  -H "x-helpdesk-timestamp: $ts" -H "x-helpdesk-signature: $sig" \\\n  --data-binary @message.eml`}
            </pre>
          </div>
          <div>
            <h3 className="mb-2 font-semibold text-slate-900">Signing secret</h3>
            <InboundSecret />
          </div>
        </TitledCard>
        <TitledCard title="Contact form" contentClassName="space-y-3 text-sm text-slate-800">
          <p>A public form anyone can use to open a ticket with {member.tenantName}. Link to it from your website:</p>
          <UrlLine url={contact} label="Copy contact form link" />
          <p>
            <a href={`/contact/${settings.slug}`} className="text-brand-700 underline" target="_blank" rel="noreferrer">
              Open the contact form
            </a>
          </p>
        </TitledCard>
      </div>
    </>
  );
}

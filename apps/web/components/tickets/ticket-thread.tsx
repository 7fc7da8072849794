import { loadConfig } from '@helpdesk/config';
import type { TicketDetail } from '@helpdesk/core/queries/ticket-detail';
import { retryDeliveryAction } from '@/app/(app)/tickets/[number]/actions';
import { prepareMessageHtml } from '@helpdesk/core/sanitize';
import { cn } from '@/lib/cn';
import { dateTime } from './format';
import { MessageHtml } from './message-html';

const KIND_LABEL = { CUSTOMER: 'Customer', REPLY: 'Reply', NOTE: 'Internal note' } as const;

/** The conversation, oldest first. Customer HTML was sanitized when stored and is again here, remote images disarmed; everything else renders as text. */
export function TicketThread({ messages, number }: { messages: TicketDetail['messages']; number: number }) {
  // Set when replies go to the local mail catcher (`npm start` without a real SMTP server): sent mail can be read there.
  const catcher = loadConfig().MAIL_CATCHER_URL;
  return (
    <ol aria-label="Conversation" className="space-y-4">
      {messages.map((m) => (
        <li
          key={m.id}
          data-testid="message"
          data-kind={m.kind}
          className={cn(
            'rounded-lg border p-4',
            m.kind === 'CUSTOMER' && 'border-slate-200 bg-white',
            m.kind === 'REPLY' && 'border-brand-100 bg-brand-50',
            m.kind === 'NOTE' && 'border-amber-300 bg-amber-50',
          )}
        >
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span className="font-medium text-slate-900">
              {m.author} <span className="font-normal text-slate-700">· {KIND_LABEL[m.kind]}</span>
            </span>
            <span className="text-xs text-slate-700">
              <time dateTime={m.createdAt.toISOString()}>{dateTime(m.createdAt)}</time>
              {m.kind === 'REPLY' && m.deliveryStatus !== 'NOT_APPLICABLE' ? (
                <span data-testid="delivery-status">{` · ${m.deliveryStatus.toLowerCase()}`}</span>
              ) : null}
              {m.kind === 'REPLY' && m.deliveryStatus === 'SENT' && catcher ? (
                <>
                  {' · '}
                  <a href={catcher} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                    read it in the local mail catcher
                  </a>
                </>
              ) : null}
            </span>
          </div>
          {m.kind === 'REPLY' && m.deliveryStatus === 'FAILED' ? (
            <div
              role="alert"
              className="mb-2 flex flex-wrap items-center justify-between gap-2 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900"
            >
              <span className="min-w-0 break-words" data-testid="delivery-error">
                Not delivered: {m.deliveryError ?? 'the mail server gave no reason'}
              </span>
              <form action={retryDeliveryAction}>
                <input type="hidden" name="messageId" value={m.id} />
                <input type="hidden" name="number" value={number} />
                <button
                  type="submit"
                  className="rounded-md border border-red-300 bg-white px-3 py-1 font-medium text-red-900 hover:bg-red-100"
                >
                  Retry
                </button>
              </form>
            </div>
          ) : null}
          {/* Agents' rich replies and notes too: stored sanitised, re-sanitised here like customer mail. */}
          {m.bodyHtml ? (
            <MessageHtml {...prepareMessageHtml(m.bodyHtml)} />
          ) : (
            <p className="text-sm break-words whitespace-pre-wrap text-slate-900">{m.bodyText}</p>
          )}
          {m.attachments.length ? (
            <ul aria-label="Attachments" className="mt-2 flex flex-wrap gap-2 text-xs">
              {m.attachments.map((a) => (
                <li key={a.id} className="rounded border border-slate-300 bg-white px-2 py-1">
                  <a href={`/api/attachments/${a.id}`} download className="text-brand-700 underline" data-testid="attachment-download">
                    {a.filename}
                  </a>{' '}
                  ({Math.ceil(a.size / 1024)} KB, {a.contentType})
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

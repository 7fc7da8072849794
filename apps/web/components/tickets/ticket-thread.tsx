import type { TicketDetail } from '@helpdesk/core/queries/ticket-detail';
import { prepareMessageHtml } from '@helpdesk/core/sanitize';
import { cn } from '@/lib/cn';
import { dateTime } from './format';
import { MessageHtml } from './message-html';

const KIND_LABEL = { CUSTOMER: 'Customer', REPLY: 'Reply', NOTE: 'Internal note' } as const;

/** The conversation, oldest first. Customer HTML was sanitized when stored and is again here, remote images disarmed; everything else renders as text. */
export function TicketThread({ messages }: { messages: TicketDetail['messages'] }) {
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
              {m.kind === 'REPLY' && m.deliveryStatus !== 'NOT_APPLICABLE' ? ` · ${m.deliveryStatus.toLowerCase()}` : ''}
            </span>
          </div>
          {m.kind === 'CUSTOMER' && m.bodyHtml ? (
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

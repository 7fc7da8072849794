import { loadConfig } from '@helpdesk/config';
import { textToHtml } from '@helpdesk/core/rich-text';
import type { AiDraft } from '@helpdesk/db';
import { cloudSettings } from '@helpdesk/escalation';
import { ActionForm } from '@/components/shell/action-form';
import { StreamingDraft } from '@/components/escalation/streaming-draft';
import { RICH_TEXT } from '@/components/tickets/rich-text-style';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';
import { discardDraftAction } from './actions';
import { UseDraftButton } from './use-draft-button';

const LIVE = new Set(['PENDING', 'STREAMING']);

/** The cited articles as the draft numbers them: [n] links to the n-th one's page (agents only; see sanitizeReplyHtml). */
function citedLinks(citations: AiDraft['citations']): { title: string; href: string }[] {
  if (!Array.isArray(citations)) return [];
  return citations.flatMap((c) => {
    const cited = c as { articleId?: unknown; title?: unknown } | null;
    return cited && typeof cited.articleId === 'string'
      ? [{ title: String(cited.title ?? ''), href: `/knowledge/${encodeURIComponent(cited.articleId)}` }]
      : [];
  });
}

/**
 * The reply draft: streamed in while it is written (local or cloud), then shown with its citations linked. The agent
 * loads it into the composer to edit and send it (that send approves it), or discards it.
 */
export function DraftReview({ draft }: { draft: AiDraft }) {
  const cloud = cloudSettings(loadConfig()).mode === 'simulated' ? 'Simulated cloud' : 'Cloud model';
  const label = draft.source === 'CLOUD' ? cloud : draft.source === 'LOCAL_FALLBACK' ? 'Local (cloud failed)' : 'Local model';
  const html = textToHtml(draft.body, citedLinks(draft.citations));
  return (
    <div className="space-y-2" data-testid="ai-draft">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge tone={draft.source === 'LOCAL' ? 'neutral' : 'info'}>{label}</Badge>
        <Badge tone={draft.status === 'APPROVED' ? 'success' : draft.status === 'FAILED' ? 'danger' : 'neutral'}>
          {draft.status.toLowerCase()}
        </Badge>
        <span className="text-slate-600 wrap-anywhere">{draft.modelId}</span>
      </div>
      {draft.failureReason ? <p className="text-sm text-amber-800">{draft.failureReason}</p> : null}
      {LIVE.has(draft.status) && draft.source === 'CLOUD' ? (
        <p className="text-sm text-slate-600">The cloud draft is being written; it streams into the Cloud escalation card below.</p>
      ) : LIVE.has(draft.status) ? (
        <StreamingDraft draftId={draft.id} initialText={draft.body} initialStatus={draft.status} />
      ) : (
        <div
          data-testid="draft-body"
          className={cn('rounded-md bg-slate-50 p-3 text-sm break-words text-slate-800', RICH_TEXT)}
          // textToHtml escapes the model's text; only our own <p>, <br> and article links are markup.
          dangerouslySetInnerHTML={{ __html: html }}
        />
      )}
      {draft.status === 'READY' ? (
        <div className="flex flex-wrap gap-2">
          <UseDraftButton draftId={draft.id} html={html} label={label} />
          <ActionForm action={discardDraftAction} label="Discard draft">
            <input type="hidden" name="draftId" value={draft.id} />
            <Button type="submit" size="sm" variant="ghost">
              Discard
            </Button>
          </ActionForm>
        </div>
      ) : null}
    </div>
  );
}

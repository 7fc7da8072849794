import { loadConfig } from '@helpdesk/config';
import type { AiDraft } from '@helpdesk/db';
import { cloudSettings } from '@helpdesk/escalation';
import { ActionForm } from '@/components/shell/action-form';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { approveDraftAction, discardDraftAction } from './actions';

const REVIEWABLE = new Set(['READY', 'PENDING']);

/** The reply draft: the agent edits it in place, then approves (sent as their reply) or discards it. */
export function DraftReview({ draft }: { draft: AiDraft }) {
  const open = REVIEWABLE.has(draft.status);
  const cloud = cloudSettings(loadConfig()).mode === 'simulated' ? 'Simulated cloud' : 'Cloud model';
  return (
    <div className="space-y-2" data-testid="ai-draft">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge tone={draft.source === 'LOCAL' ? 'neutral' : 'info'}>{draft.source === 'CLOUD' ? cloud : draft.source === 'LOCAL_FALLBACK' ? 'Local (cloud failed)' : 'Local model'}</Badge>
        <Badge tone={draft.status === 'APPROVED' ? 'success' : draft.status === 'FAILED' ? 'danger' : 'neutral'}>{draft.status.toLowerCase()}</Badge>
        <span className="text-slate-600">{draft.modelId}</span>
      </div>
      {draft.failureReason ? <p className="text-sm text-amber-800">{draft.failureReason}</p> : null}
      {open ? (
        <>
          <ActionForm action={approveDraftAction} className="space-y-2" label="Review draft">
            <input type="hidden" name="draftId" value={draft.id} />
            <label htmlFor={`draft-${draft.id}`} className="block text-xs font-medium text-slate-700">
              Draft reply (edit before approving)
            </label>
            <textarea
              id={`draft-${draft.id}`}
              name="body"
              defaultValue={draft.body}
              rows={8}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
            />
            <Button type="submit" size="sm">Approve and send</Button>
          </ActionForm>
          <ActionForm action={discardDraftAction} label="Discard draft">
            <input type="hidden" name="draftId" value={draft.id} />
            <Button type="submit" size="sm" variant="ghost">Discard</Button>
          </ActionForm>
        </>
      ) : (
        <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm text-slate-800">{draft.body}</p>
      )}
    </div>
  );
}

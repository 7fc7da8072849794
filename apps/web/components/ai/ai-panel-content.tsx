import type { ReactNode } from 'react';
import { aiWorkerStatus } from '@helpdesk/jobs/queue-status';
import { aiPanelData } from '@helpdesk/ai/draft-approval';
import type { Citation } from '@helpdesk/knowledge';
import { EscalationDecisionCard } from '@/components/escalation/escalation-decision';
import { db, redis } from '@/lib/clients';
import { DraftReview } from './draft-review';
import { TriageChips } from './triage-chips';

export interface AiPanelProps {
  tenantId: string;
  ticketId: string;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-2 border-t border-slate-200 pt-3 first:border-t-0 first:pt-0">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {children}
    </div>
  );
}

/** The panel's contents, rendered on the page and again, alone, whenever one of the ticket's AI jobs moves. */
export async function AiPanelContent({ tenantId, ticketId }: AiPanelProps) {
  const [data, workers] = await Promise.all([aiPanelData(db(), tenantId, ticketId), aiWorkerStatus(redis())]);
  const demo = workers.some((w) => w.alive && w.model?.demo);
  const citations = (data.retrieval?.citations as Citation[] | undefined) ?? [];
  return (
    <div className="space-y-4">
      {demo ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900" data-testid="ai-demo-note">
          Demo model: these suggestions come from a tiny model with random weights and mean nothing until{' '}
          <code className="font-mono">npm run models:pull</code> installs a real one.
        </p>
      ) : null}
      <Section title="Triage">
        {data.triage ? (
          <TriageChips triage={data.triage} categories={data.categories} corrections={data.corrections} />
        ) : (
          <p className="text-sm text-slate-600">Triage is running…</p>
        )}
      </Section>
      {data.summary ? (
        <Section title="Thread summary">
          <p className="text-sm text-slate-700">{data.summary.summary}</p>
        </Section>
      ) : null}
      <Section title="Suggested articles">
        {!data.retrieval ? (
          <p className="text-sm text-slate-600">Searching the knowledge base…</p>
        ) : citations.length ? (
          <ol className="space-y-1 text-sm" data-testid="ai-citations">
            {citations.map((c, i) => (
              <li key={c.chunkId} className="flex justify-between gap-2">
                <a href={`/knowledge/${encodeURIComponent(c.articleId)}`} className="min-w-0 text-brand-700 underline wrap-anywhere">
                  [{i + 1}] {c.title}
                </a>
                <span className="shrink-0 text-slate-600" title={`embedding ${c.cosine}, full-text ${c.textRank}`}>
                  score {c.score.toFixed(2)}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-600">No matching articles.</p>
        )}
      </Section>
      <Section title="Reply draft">
        {data.draft ? <DraftReview draft={data.draft} /> : <p className="text-sm text-slate-600">The draft is being written…</p>}
      </Section>
      <EscalationDecisionCard tenantId={tenantId} ticketId={ticketId} />
    </div>
  );
}

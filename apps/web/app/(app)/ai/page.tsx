import { aiActivity } from '@helpdesk/ai/activity';
import { embeddingProgress } from '@helpdesk/ai/reembed';
import { aiGpuDetails, aiModelStatus, tenantQueueStatus } from '@helpdesk/jobs/queue-status';
import { ActionForm } from '@/components/shell/action-form';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { TitledCard } from '@/components/ui/card';
import { DataTable } from '@/components/ui/table';
import { db, redis } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { retryJobAction } from './actions';

const DAY_MS = 24 * 3600 * 1000;

export default async function AiOverviewPage() {
  const member = await requireMember('ai.review');
  const [workers, status, activity, gpuDetails] = await Promise.all([
    aiModelStatus(redis()),
    tenantQueueStatus(redis(), member.tenantId),
    aiActivity(db(), member.tenantId, new Date(Date.now() - DAY_MS)),
    member.platformAdmin ? aiGpuDetails(redis(), member) : Promise.resolve([]),
  ]);
  const demo = workers.models.some((m) => m.demo);
  const embeddingModels = [...new Set(workers.models.flatMap((m) => (m.embedding ? [m.embedding] : [])))];
  const knowledge = await Promise.all(
    embeddingModels.map(async (model) => ({ model, ...(await embeddingProgress(db(), member.tenantId, model)) })),
  );
  return (
    <>
      <PageHeader title="AI" description="The local model, its job queues and what it produced in the last 24 hours." />
      {demo ? (
        <div
          role="status"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="demo-banner"
        >
          AI output is a demo until <code className="font-mono">npm run models:pull</code>: the worker runs a tiny model with random
          weights, so triage, summaries and drafts are placeholders.
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <TitledCard title="Model">
          {workers.alive === 0 ? (
            <p className="text-sm text-red-800">
              No AI worker is running. Start it with <code className="font-mono">npm start</code>.
            </p>
          ) : (
            <ul className="space-y-2 text-sm">
              {workers.models.map((m) => (
                <li key={`${m.name}-${m.loaded}-${m.demo}-${m.gpu}`} className="flex flex-wrap items-center gap-2">
                  <span className="font-mono">{m.name}</span>
                  <span className="text-slate-600">chat</span>
                  {m.embedding ? (
                    <>
                      <span className="font-mono">{m.embedding}</span>
                      <span className="text-slate-600">embeddings</span>
                    </>
                  ) : null}
                  {m.loaded ? <Badge tone="success">loaded</Badge> : <Badge tone="danger">not loaded (see the AI worker&apos;s log)</Badge>}
                  {m.demo ? <Badge tone="warning">demo model</Badge> : null}
                  {m.loaded ? (
                    <Badge tone={m.gpu === 'active' ? 'success' : 'neutral'}>{m.gpu === 'active' ? 'GPU offload' : 'CPU only'}</Badge>
                  ) : null}
                  <span className="text-slate-600">
                    {m.workers} worker{m.workers === 1 ? '' : 's'}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {knowledge.map((k) => (
            <p key={k.model} className="mt-3 border-t border-slate-200 pt-3 text-sm" data-testid="knowledge-index">
              Knowledge base: {k.embedded} of {k.total} passages embedded with <span className="font-mono">{k.model}</span>
              {k.embedded < k.total ? (
                <>
                  {' '}
                  <Badge tone="warning">re-embedding</Badge>{' '}
                  <span className="text-slate-600">retrieval answers from full text meanwhile.</span>
                </>
              ) : null}
            </p>
          ))}
          {gpuDetails.length > 0 ? (
            <div className="mt-3 border-t border-slate-200 pt-3 text-sm" data-testid="gpu-details">
              <p className="font-medium text-slate-900">GPU offload per worker (platform operators only)</p>
              <ul className="mt-1 space-y-1 text-slate-700">
                {gpuDetails.map((w) => (
                  <li key={w.worker}>
                    <span className="font-mono">{w.host}</span>:{' '}
                    {w.gpu?.offloaded
                      ? `${w.gpu.backend} on ${w.gpu.devices.join(', ') || 'an unnamed device'}, ${w.gpu.layers} of ${w.gpu.totalLayers} layers`
                      : `CPU (${w.gpu ? `backend ${w.gpu.backend || 'none'}, 0 of ${w.gpu.totalLayers} layers` : 'no runtime report'})`}
                    {w.gpu ? `, batch ${w.gpu.batchSize}, flash attention ${w.gpu.flashAttention ? 'on' : 'off'}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </TitledCard>
        <TitledCard title="Last 24 hours">
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">Tickets triaged</dt>
            <dd>{activity.triage._count}</dd>
            <dt className="text-slate-600">Average triage time</dt>
            <dd>{activity.triage._avg.durationMs ? `${Math.round(activity.triage._avg.durationMs)} ms` : '—'}</dd>
            <dt className="text-slate-600">Invalid model outputs (retried)</dt>
            <dd>{activity.triage._sum.invalidOutputs ?? 0}</dd>
            <dt className="text-slate-600">Prompt tokens evaluated / sent</dt>
            <dd>
              {activity.triage._sum.promptTokensEvaluated ?? 0} / {activity.triage._sum.tokensIn ?? 0}
            </dd>
            <dt className="text-slate-600">Drafts</dt>
            <dd>{activity.drafts.map((d) => `${d._count} ${d.source.toLowerCase()} ${d.status.toLowerCase()}`).join(', ') || '0'}</dd>
            <dt className="text-slate-600">Agent corrections</dt>
            <dd>{activity.labels}</dd>
          </dl>
        </TitledCard>
      </div>
      <h2 className="mt-6 mb-2 text-lg font-semibold text-slate-900">Queues</h2>
      <DataTable
        columns={[
          { header: 'Job', className: 'font-mono', cell: (q) => q.queue },
          { header: 'Waiting', cell: (q) => q.counts.waiting },
          { header: 'Active', cell: (q) => q.counts.active },
          { header: 'Delayed', cell: (q) => q.counts.delayed },
          { header: 'Failed', cell: (q) => q.counts.failed },
          { header: 'Completed', cell: (q) => q.counts.completed },
        ]}
        rows={status.queues}
        rowKey={(q) => q.name}
      />
      <h2 className="mt-6 mb-2 text-lg font-semibold text-slate-900">Failed jobs</h2>
      {status.failed.length === 0 ? (
        <p className="text-sm text-slate-600">No failed AI jobs.</p>
      ) : (
        <DataTable
          columns={[
            { header: 'Job', className: 'font-mono text-xs', cell: (job) => job.id },
            { header: 'Reason', className: 'max-w-md text-sm text-red-800', cell: (job) => job.reason },
            { header: 'Attempts', cell: (job) => job.attempts },
            { header: 'Failed at', cell: (job) => job.failedAt?.slice(0, 19).replace('T', ' ') ?? '—' },
            {
              header: 'Actions',
              srOnly: true,
              cell: (job) => (
                <ActionForm action={retryJobAction} label={`Retry ${job.id}`}>
                  <input type="hidden" name="queue" value={job.queue} />
                  <input type="hidden" name="jobId" value={job.id} />
                  <Button type="submit" size="sm" variant="secondary">
                    Retry
                  </Button>
                </ActionForm>
              ),
            },
          ]}
          rows={status.failed}
          rowKey={(job) => `${job.queue}:${job.id}`}
        />
      )}
    </>
  );
}

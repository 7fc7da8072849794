import type { Metadata } from 'next';
import {
  collectTenantLabels,
  labelReadiness,
  listCategories,
  listClassifierVersions,
  metricsOf,
  MIN_LABELS_PER_CATEGORY,
  parseCurve,
  retrainStatus,
} from '@helpdesk/classifier';
import { PageHeader } from '@/components/shell/page-header';
import { CategoriesTable } from '@/components/triage/categories-table';
import { CategoryForm } from '@/components/triage/category-form';
import { CoverageChart } from '@/components/triage/coverage-chart';
import { TrainNowButton } from '@/components/triage/train-now-button';
import { VersionsTable } from '@/components/triage/versions-table';
import { TitledCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export const metadata: Metadata = { title: 'Triage' };

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export default async function TriagePage() {
  const member = await requireMember('admin.settings');
  const tenantId = member.tenantId;
  const [categories, versions, labels, retrain] = await Promise.all([
    listCategories(db(), tenantId),
    listClassifierVersions(db(), tenantId),
    collectTenantLabels(db(), tenantId),
    retrainStatus(db(), tenantId),
  ]);
  const readiness = labelReadiness(labels.perCategory);
  const shown = versions.find((v) => v.active) ?? versions.find((v) => v.status === 'READY');
  const metrics = metricsOf(shown?.metrics ?? null);
  const curve = parseCurve(shown?.curve);

  return (
    <>
      <PageHeader
        title="Triage"
        description="The categories tickets are sorted into, and the classifier that learns them from your agents' labels."
        actions={<TrainNowButton />}
      />
      <div className="space-y-6">
        <TitledCard title="Classifier" contentClassName="space-y-2 text-sm">
          {shown && metrics ? (
            <p data-testid="classifier-summary">
              Version {shown.version} {shown.active ? 'is live' : 'is ready but not live'}: {pct(metrics.accuracy)} accuracy and{' '}
              {pct(metrics.macroF1)} macro-F1 on {metrics.holdout} held-back tickets, calibration error {metrics.ece.toFixed(3)}, trained on{' '}
              {shown.labelCount} labels.
            </p>
          ) : (
            <p>No classifier yet: triage uses the local model alone.</p>
          )}
          <p className="text-slate-600" data-testid="label-readiness">
            {readiness.message} {readiness.ready ? retrain.reason : null}
          </p>
        </TitledCard>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <TitledCard title="Coverage and accuracy">
            {curve.length > 0 ? (
              <>
                <p className="mb-2 text-sm text-slate-600">
                  Accuracy on the tickets the classifier decides alone, as the least confident are passed to the local model or escalated.
                </p>
                <CoverageChart curve={curve} />
              </>
            ) : (
              <EmptyState title="No curve yet" description="The curve appears once a version has been trained." />
            )}
          </TitledCard>
          <TitledCard title="Accuracy per category">
            {metrics ? (
              <DataTable
                data-testid="per-category-metrics"
                columns={[
                  { header: 'Category', className: 'font-mono text-xs', cell: (c) => c.key },
                  { header: 'Held back', cell: (c) => c.support },
                  { header: 'Precision', cell: (c) => pct(c.precision) },
                  { header: 'Recall', cell: (c) => pct(c.recall) },
                  { header: 'F1', cell: (c) => c.f1.toFixed(2) },
                ]}
                rows={metrics.perCategory}
                rowKey={(c) => c.key}
              />
            ) : (
              <EmptyState title="No metrics yet" description="Per-category accuracy appears once a version has been trained." />
            )}
          </TitledCard>
        </div>

        <TitledCard title="Versions">
          {versions.length > 0 ? <VersionsTable versions={versions} /> : <p className="text-sm text-slate-600">No versions trained yet.</p>}
        </TitledCard>

        <TitledCard title={`Categories (${categories.length})`} contentClassName="space-y-6">
          <CategoryForm />
          <CategoriesTable categories={categories} labels={labels.perCategory} minLabels={MIN_LABELS_PER_CATEGORY} />
        </TitledCard>
      </div>
    </>
  );
}

import { metricsOf, type listClassifierVersions } from '@helpdesk/classifier';
import { activateVersionAction } from '@/app/(app)/admin/triage/actions';
import { ActionForm } from '@/components/shell/action-form';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/table';

type Version = Awaited<ReturnType<typeof listClassifierVersions>>[number];

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const TONES = { READY: 'success', TRAINING: 'info', FAILED: 'danger' } as const;

export function VersionsTable({ versions }: { versions: Version[] }) {
  return (
    <DataTable
      columns={[
        {
          header: 'Version',
          cell: (v) => (
            <>
              v{v.version} {v.active ? <Badge tone="success">Active</Badge> : null}
            </>
          ),
        },
        {
          header: 'Status',
          cell: (v) => (
            <>
              <Badge tone={TONES[v.status]}>{v.status.toLowerCase()}</Badge>
              {v.error ? <p className="mt-1 text-xs text-red-700">{v.error}</p> : null}
            </>
          ),
        },
        { header: 'Labels', cell: (v) => v.labelCount },
        { header: 'Accuracy', cell: (v) => pct(v.scores?.accuracy) },
        { header: 'Macro-F1', cell: (v) => pct(v.scores?.macroF1) },
        { header: 'ECE', cell: (v) => v.scores?.ece.toFixed(3) ?? '–' },
        {
          header: 'Trained',
          cell: (v) => <time dateTime={v.createdAt.toISOString()}>{v.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</time>,
        },
        {
          header: 'Actions',
          srOnly: true,
          className: 'text-right',
          cell: (v) =>
            v.status === 'READY' && !v.active ? (
              <ActionForm action={activateVersionAction} label={`Activate version ${v.version}`}>
                <input type="hidden" name="version" value={v.version} />
                <Button type="submit" variant="secondary" size="sm">
                  Activate v{v.version}
                </Button>
              </ActionForm>
            ) : null,
        },
      ]}
      rows={versions.map((v) => ({ ...v, scores: metricsOf(v.metrics) }))}
      rowKey={(v) => v.id}
      rowProps={() => ({ 'data-testid': 'classifier-version' })}
    />
  );
}

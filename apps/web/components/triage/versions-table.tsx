import { metricsOf, type listClassifierVersions } from '@helpdesk/classifier';
import { activateVersionAction } from '@/app/(app)/admin/triage/actions';
import { ActionForm } from '@/components/shell/action-form';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';

type Version = Awaited<ReturnType<typeof listClassifierVersions>>[number];

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const TONES = { READY: 'success', TRAINING: 'info', FAILED: 'danger' } as const;

export function VersionsTable({ versions }: { versions: Version[] }) {
  return (
    <Table>
      <THead>
        <TR>
          <TH>Version</TH>
          <TH>Status</TH>
          <TH>Labels</TH>
          <TH>Accuracy</TH>
          <TH>Macro-F1</TH>
          <TH>ECE</TH>
          <TH>Trained</TH>
          <TH>
            <span className="sr-only">Actions</span>
          </TH>
        </TR>
      </THead>
      <TBody>
        {versions.map((v) => {
          const m = metricsOf(v.metrics);
          return (
            <TR key={v.id} data-testid="classifier-version">
              <TD>
                v{v.version} {v.active ? <Badge tone="success">Active</Badge> : null}
              </TD>
              <TD>
                <Badge tone={TONES[v.status]}>{v.status.toLowerCase()}</Badge>
                {v.error ? <p className="mt-1 text-xs text-red-700">{v.error}</p> : null}
              </TD>
              <TD>{v.labelCount}</TD>
              <TD>{pct(m?.accuracy)}</TD>
              <TD>{pct(m?.macroF1)}</TD>
              <TD>{m ? m.ece.toFixed(3) : '–'}</TD>
              <TD>
                <time dateTime={v.createdAt.toISOString()}>{v.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</time>
              </TD>
              <TD className="text-right">
                {v.status === 'READY' && !v.active ? (
                  <ActionForm action={activateVersionAction} label={`Activate version ${v.version}`}>
                    <input type="hidden" name="version" value={v.version} />
                    <Button type="submit" variant="secondary" size="sm">
                      Activate v{v.version}
                    </Button>
                  </ActionForm>
                ) : null}
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}

import { Badge } from '@/components/ui/badge';
import type { SlaState } from '@helpdesk/core';
import { duration } from './format';

/** The SLA timer of a ticket: time left, or how long ago it breached. */
export function SlaBadge({ state, dueAt, now }: { state: SlaState; dueAt: Date | null; now: Date }) {
  if (state === 'none') return null;
  const left = dueAt ? dueAt.getTime() - now.getTime() : 0;
  if (state === 'breached') {
    return (
      <Badge tone="danger" data-sla="breached" title={dueAt ? `Due ${dueAt.toISOString()}` : undefined}>
        SLA breached{dueAt && left < 0 ? ` ${duration(left)} ago` : ''}
      </Badge>
    );
  }
  return (
    <Badge tone={state === 'at_risk' ? 'warning' : 'neutral'} data-sla={state} title={dueAt ? `Due ${dueAt.toISOString()}` : undefined}>
      {state === 'at_risk' ? 'SLA at risk: ' : 'SLA '}
      {duration(left)} left
    </Badge>
  );
}

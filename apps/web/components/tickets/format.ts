import type { TicketStatus } from '@helpdesk/db';
import { PRIORITIES, PRIORITY_LABEL, SENTIMENT_LABEL, STATUS_LABEL, TICKET_STATUSES, UNCATEGORISED } from '@helpdesk/core/labels';

// The one label map lives in core (typed by the Prisma enums); re-exported for the components that import it here.
export { PRIORITIES, PRIORITY_LABEL, STATUS_LABEL, TICKET_STATUSES as STATUSES, UNCATEGORISED };

const choices = <K extends string>(keys: readonly K[], labels: Record<K, string>) => keys.map((value) => ({ value, label: labels[value] }));

export const STATUS_CHOICES = choices(TICKET_STATUSES, STATUS_LABEL);
export const PRIORITY_CHOICES = choices(PRIORITIES, PRIORITY_LABEL);
export const SENTIMENT_CHOICES = choices(Object.keys(SENTIMENT_LABEL) as (keyof typeof SENTIMENT_LABEL)[], SENTIMENT_LABEL);

/** Agents, groups and categories as select choices, by id. */
export const byId = (items: readonly { id: string; name: string }[]) => items.map((item) => ({ value: item.id, label: item.name }));

/** The assignee filter and macro value that means "nobody", as the actions read it. */
export const UNASSIGNED = { value: 'unassigned', label: 'Unassigned' };

export const STATUS_TONE: Record<TicketStatus, 'info' | 'warning' | 'success' | 'neutral' | 'danger'> = {
  NEW: 'info',
  OPEN: 'danger',
  PENDING: 'warning',
  ON_HOLD: 'neutral',
  SOLVED: 'success',
  CLOSED: 'neutral',
};

/** "3h 5m" style distance; rendered on the server against the request's clock. */
export function duration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d`;
}

export function dateTime(d: Date): string {
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

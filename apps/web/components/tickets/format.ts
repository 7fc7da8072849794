import type { Priority, TicketStatus } from '@helpdesk/db';

export const STATUS_LABEL: Record<TicketStatus, string> = {
  NEW: 'New', OPEN: 'Open', PENDING: 'Pending', ON_HOLD: 'On hold', SOLVED: 'Solved', CLOSED: 'Closed',
};

export const STATUS_TONE: Record<TicketStatus, 'info' | 'warning' | 'success' | 'neutral' | 'danger'> = {
  NEW: 'info', OPEN: 'danger', PENDING: 'warning', ON_HOLD: 'neutral', SOLVED: 'success', CLOSED: 'neutral',
};

export const PRIORITY_LABEL: Record<Priority, string> = { LOW: 'Low', NORMAL: 'Normal', HIGH: 'High', URGENT: 'Urgent' };

export const STATUSES = Object.keys(STATUS_LABEL) as TicketStatus[];
export const PRIORITIES = Object.keys(PRIORITY_LABEL) as Priority[];

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

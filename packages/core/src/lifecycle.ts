import { TicketStatus } from '@helpdesk/db';
import { ConflictError } from '@helpdesk/db';

/** CLOSED is final: a customer writing again after that starts a new ticket. */
const ALLOWED: Record<TicketStatus, readonly TicketStatus[]> = {
  NEW: ['OPEN', 'PENDING', 'ON_HOLD', 'SOLVED'],
  OPEN: ['PENDING', 'ON_HOLD', 'SOLVED'],
  PENDING: ['OPEN', 'ON_HOLD', 'SOLVED'],
  ON_HOLD: ['OPEN', 'PENDING', 'SOLVED'],
  SOLVED: ['OPEN', 'CLOSED'],
  CLOSED: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}

export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (!canTransition(from, to)) throw new ConflictError(`A ${from} ticket cannot become ${to}`, 'status');
}

/** The timestamps that follow a status change. */
export function statusTimestamps(to: TicketStatus, now: Date): { solvedAt?: Date | null; closedAt?: Date | null } {
  if (to === TicketStatus.SOLVED) return { solvedAt: now };
  if (to === TicketStatus.CLOSED) return { closedAt: now };
  return { solvedAt: null };
}

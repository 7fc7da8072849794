import { TicketJobEvents } from '@helpdesk/jobs/ticket-events';
import { redis } from './clients';

const holder = globalThis as unknown as { __helpdeskTicketJobEvents?: TicketJobEvents };

/** The process's one reader of AI job events (see TicketJobEvents), shared by every open ticket page. */
export function ticketJobEvents(): TicketJobEvents {
  holder.__helpdeskTicketJobEvents ??= new TicketJobEvents(redis());
  return holder.__helpdeskTicketJobEvents;
}

import type { Channel, DraftSource, DraftStatus, Priority, Role, Sentiment, TicketStatus } from '@helpdesk/db';

// One word per enum value, typed by the Prisma enums so a new value fails the build until it has its label.
// Pages, the Activity log and reports all read these; nobody lower-cases an enum for display.

export const STATUS_LABEL: Record<TicketStatus, string> = {
  NEW: 'New',
  OPEN: 'Open',
  PENDING: 'Pending',
  ON_HOLD: 'On hold',
  SOLVED: 'Solved',
  CLOSED: 'Closed',
};

export const PRIORITY_LABEL: Record<Priority, string> = { LOW: 'Low', NORMAL: 'Normal', HIGH: 'High', URGENT: 'Urgent' };

export const SENTIMENT_LABEL: Record<Sentiment, string> = {
  VERY_NEGATIVE: 'Very negative',
  NEGATIVE: 'Negative',
  NEUTRAL: 'Neutral',
  POSITIVE: 'Positive',
};

export const CHANNEL_LABEL: Record<Channel, string> = { EMAIL: 'Email', API: 'API', WEB_FORM: 'Contact form', AGENT: 'Agent' };

export const ROLE_LABEL: Record<Role, string> = { OWNER: 'Owner', ADMIN: 'Admin', AGENT: 'Agent', BILLING_VIEWER: 'Billing viewer' };

export const DRAFT_SOURCE_LABEL: Record<DraftSource, string> = {
  LOCAL: 'Local model',
  CLOUD: 'Cloud model',
  LOCAL_FALLBACK: 'Local model (fallback)',
};

export const DRAFT_STATUS_LABEL: Record<DraftStatus, string> = {
  PENDING: 'Pending',
  STREAMING: 'Writing',
  READY: 'Ready',
  APPROVED: 'Approved',
  DISCARDED: 'Discarded',
  FAILED: 'Failed',
};

/** The one spelling of a ticket without a category, in the UI and the seed alike. */
export const UNCATEGORISED = 'Uncategorised';

export const TICKET_STATUSES = Object.keys(STATUS_LABEL) as TicketStatus[];
export const PRIORITIES = Object.keys(PRIORITY_LABEL) as Priority[];

/** A label for any enum value we know; an unknown one (an old audit row) is shown as words, never as a raw key. */
export function enumLabel(value: unknown): string {
  const key = String(value);
  for (const map of [STATUS_LABEL, PRIORITY_LABEL, SENTIMENT_LABEL, CHANNEL_LABEL, ROLE_LABEL] as Record<string, string>[]) {
    if (key in map) return map[key]!;
  }
  const words = key.replace(/[_.]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One version of a ticket's content: what each AI job works on, and what its one result row is keyed by. */
export interface ContentRef {
  tenantId: string;
  ticketId: string;
  contentVersion: number;
}

/** The filter for that version's row. */
export const contentWhere = (ref: ContentRef) => ({ tenantId: ref.tenantId, ticketId: ref.ticketId, contentVersion: ref.contentVersion });

/** The unique key of that version's row, for an upsert (the tenant too, which the tenant guard requires). */
export const contentKey = (ref: ContentRef) => ({
  ticketId_contentVersion: { ticketId: ref.ticketId, contentVersion: ref.contentVersion },
  tenantId: ref.tenantId,
});

/**
 * The AI panel hands a draft to the composer with this window event: the two are separate islands on the ticket
 * page, and the composer keeps whatever the agent wrote until a draft is asked for.
 */
export const COMPOSE_DRAFT_EVENT = 'helpdesk:compose-draft';

export interface ComposeDraftDetail {
  draftId: string;
  /** The composer's HTML: the draft's paragraphs with its citations linked to the articles. */
  html: string;
  /** Where it came from, as the panel labels it ("Local model", "Simulated cloud"…). */
  label: string;
}

export function composeDraft(detail: ComposeDraftDetail): void {
  window.dispatchEvent(new CustomEvent<ComposeDraftDetail>(COMPOSE_DRAFT_EVENT, { detail }));
}

export {
  prepareCustomerText,
  dataBlock,
  escapeForDataBlock,
  normaliseUntrusted,
  CUSTOMER_DATA_RULE,
  MAX_CUSTOMER_CHARS,
  PROMPT_CUSTOMER_CHARS,
  type DataField,
} from './customer-text';
export {
  triageTicket,
  generateTriage,
  planCategory,
  categorySystemPrompt,
  fieldsSystemPrompt,
  TRIAGE_PROMPT_VERSION,
  type Taxonomy,
  type TriageAttempt,
} from './triage';
export { triageFields, triageFieldsJsonSchema, OTHER_CATEGORY, type CategoryChoice, type TriageFields } from './triage-schema';
export { localDraft, draftTicket, sourcesFooter, LOCAL_DRAFT_PROMPT_VERSION } from './draft';
export { summarizeThread, SUMMARY_MIN_MESSAGES } from './summary';
export { recordLocalUsage, type JobRef } from './usage';
export { aiActivity } from './activity';
export { loadTicketForAi, type TicketForAi } from './ticket-text';
export { retrieveForTicket } from './retrieval-job';
export { embedArticleJob } from './embed-job';
export { queueReembedding, embeddingProgress, type EmbeddingProgress } from './reembed';

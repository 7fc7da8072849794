export * from './auth';
export * from './queries';
export { writeAudit, type AuditEntry } from './audit';
export { writeOutbox, type TicketContentPayload, type OutboundMessagePayload } from './outbox-events';
export { sanitizeMessageHtml, prepareMessageHtml, htmlToText } from './sanitize';
export { canTransition, assertTransition } from './lifecycle';
export { adminOverview, onboardingChecklist, type OnboardingItem, type OnboardingStep } from './onboarding';
export {
  OPEN_STATUSES,
  AT_RISK_WINDOW_MINUTES,
  isOpenStatus,
  slaState,
  pastDueSql,
  type SlaState,
  type SlaStatus,
  type SlaTarget,
} from './sla-state';
export { requireRole, requireAgent } from './permissions';
export { tagNameSchema, listTags } from './tags';
export { customerRefSchema, customerUpdateSchema, upsertCustomer, updateCustomer } from './customers';
export {
  ALLOWED_CONTENT_TYPES,
  storedAttachmentSchema,
  LocalDiskAttachmentStore,
  createAttachmentStore,
  resolveStorageDir,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  type AttachmentStore,
  type AttachmentUpload,
  type StoredAttachment,
} from './attachments';
export { businessHoursSchema, addBusinessMinutes, type BusinessHours } from './business-hours';
export { slaPolicyInput, listSlaPolicies, saveSlaPolicy, deleteSlaPolicy, slaDueDates, sweepSla, autoCloseSolved } from './sla';
export { sweepTenantsInBatches, DEFAULT_SWEEP_BATCH, DEFAULT_SWEEP_BUDGET_MS, type SweepOptions, type SweepResult } from './batched-sweep';
export { createTicketInput, createTicket, createTicketTx, type CreateTicketInput } from './tickets';
export { addMessageInput, addMessage, addMessageTx, listMessages, requeueFailedReply, type AddMessageInput } from './messages';
export {
  ticketChangesSchema,
  bulkUpdateInput,
  applyTicketChanges,
  updateTicket,
  bulkUpdate,
  lockTicket,
  type TicketChanges,
} from './ticket-update';
export {
  macroActionsSchema,
  type MacroActions,
  macroInput,
  listMacros,
  createMacro,
  updateMacro,
  deleteMacro,
  renderMacroBody,
  applyMacro,
  type MacroInput,
} from './macros';
export { INBOUND_REPLAY_WINDOW_MS, signInbound, receiveInboundEmail, type InboundEmail, type InboundResult } from './inbound-email';
export {
  API_SCOPES,
  createApiKeyInput,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  authenticateApiKey,
  requireScope,
  type ApiScope,
  type ApiKeyAuth,
  type ApiKeySummary,
} from './api-keys';
export { requestHash, withIdempotency, type IdempotentRequest, type StoredResponse } from './idempotency';
export {
  createMailTransport,
  sendMessageMail,
  subjectFor,
  type MailTransport,
  type SendMailOptions,
  type SendOutcome,
} from './outbound-mail';
export { ticketFields, apiCreateTicketInput } from './tickets';
export { messageFields, apiAddMessageInput } from './messages';
export {
  customerResource,
  ticketResource,
  messageResource,
  errorResource,
  ticketListQuery,
  toCustomer,
  getTicketResource,
  listTicketResources,
  listMessageResources,
  getMessageResource,
  getCustomerResource,
  type TicketResource,
  type MessageResource,
  type CustomerResource,
} from './api-resources';
export { buildOpenApiDocument } from './openapi';
export { contactFormInput, findContactTenant, submitContactForm, type ContactFormInput } from './contact-form';
export { getChannelSettings, rotateInboundSecret, newInboundSecret, type ChannelSettings } from './channel-settings';
export {
  DEFAULT_RATE_LIMITS,
  RATE_LIMIT_NAMES,
  RateLimiters,
  RateLimitedError,
  rateLimitedResponse,
  withRateLimit,
  clientIp,
  parseRateLimits,
  type RateLimitName,
  type RateLimitRule,
  type RateLimitState,
} from './rate-limit';
export { crossOriginCheck, isSafeMethod, type CrossOriginVerdict } from './csrf';
export { listNotifications, unreadNotificationCount, markNotificationsRead, markReadInput, type NotificationItem } from './notifications';

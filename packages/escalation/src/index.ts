export {
  decideEscalation,
  escalationReasons,
  countQuestions,
  PRIORITY_RANK,
  type EscalationInput,
  type EscalationVerdict,
  type PolicyRules,
  type TriageSignals,
  type BlockedBy,
  type Tier,
} from './decide';
export {
  routeDraft,
  type DraftRouteContext,
  type DraftRouteResult,
  type LocalDraft,
  type LocalDraftStream,
  type CloudOptions,
} from './draft-router';
export {
  redact,
  redactAll,
  restore,
  restoreStablePrefix,
  luhnValid,
  ibanValid,
  hasGap,
  gapFor,
  NEVER_RESTORED,
  type Redaction,
  type Restored,
  type PiiKind,
} from './redaction';
export {
  CircuitBreaker,
  RedisCircuitBreaker,
  circuitStates,
  breakerFor,
  resetBreakers,
  DEFAULT_CIRCUIT,
  type Breaker,
  type CircuitState,
  type CircuitOptions,
} from './circuit-breaker';
export { attemptKeys, settleAbandonedHolds, sweepAbandonedHolds, type HoldSweepOptions } from './call-keys';
export {
  callCloud,
  cloudFailures,
  receivedUsage,
  type CloudRequest,
  type CloudResult,
  type CloudUsage,
  type CloudCallOptions,
} from './cloud-call';
export { cloudSettings, createCloudClient, SIMULATED_BASE_URL, type CloudSettings } from './cloud-config';
export {
  reserve,
  settle,
  release,
  ensureBudget,
  findBudget,
  remainingMicros,
  budgetPeriod,
  fireAlerts,
  ALERT_THRESHOLDS,
  type Reservation,
} from './budget';
export { deliverBudgetAlert, listBudgetAlertDeliveries, signWebhook, SIGNATURE_HEADER, type BudgetAlertDelivery } from './budget-alert';
export {
  checkWebhookTarget,
  postWebhook,
  systemResolver,
  UnsafeWebhookUrlError,
  type Resolver,
  type WebhookTargetOptions,
} from './webhook-target';
export {
  getPolicy,
  savePolicy,
  policyInputSchema,
  autoSendEligible,
  autoSendRefusal,
  type PolicyInput,
  type AutoSendDraft,
} from './policy';
export {
  buildDraftPrompt,
  tenantPrefix,
  neutraliseDelimiters,
  SYSTEM_RULES,
  DRAFT_PROMPT_VERSION,
  type KnowledgeSnippet,
  type TenantProfile,
} from './prompt';
export { loadTenantProfile } from './tenant-profile';
export { CACHE_MINIMUM_TOKENS, CACHE_TTL_MS, cacheMinimumTokens } from './cache-minimums';
export {
  DraftPublisher,
  readDraftSnapshot,
  readDraftForStream,
  draftChannel,
  draftSnapshotKey,
  type DraftStreamEvent,
  type DraftSnapshot,
} from './draft-stream';
export { loadTicketSignals, type TicketSignals } from './ticket-signals';
export { escalationDecisionView, type EscalationDecisionView } from './decision-view';
export { escalationAdminOptions } from './admin-view';
export { simulateThreshold, simulationInputSchema, type Simulation, type SimulationInput, type SimulationPoint } from './simulator';

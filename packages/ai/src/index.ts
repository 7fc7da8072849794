export { ModelRuntime, ModelLoadError, type RuntimeOptions, type ModelStatus } from './runtime';
export { SequencePool, type Lease } from './sequence-pool';
export { complete, type CompletionRequest, type CompletionResult } from './completion';
export { prepareCustomerText, customerBlock, MAX_CUSTOMER_CHARS, PROMPT_CUSTOMER_CHARS } from './customer-text';
export { triageTicket, generateTriage, planCategory, triageSystemPrompt, TRIAGE_PROMPT_VERSION } from './triage';
export { triageOutput, triageJsonSchema, clampConfidence } from './triage-schema';
export { ensureTinyModel, writeTinyModel, TINY_MODEL_PATH } from './tiny-model';

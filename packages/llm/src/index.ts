export { ModelRuntime, ModelLoadError, type RuntimeOptions, type ModelStatus, type GpuStatus } from './runtime';
export { SequencePool, type Lease } from './sequence-pool';
export {
  complete,
  chooseConstrained,
  type CompletionRequest,
  type CompletionResult,
  type ChoiceRequest,
  type ChoiceResult,
} from './completion';
export { catalogModelId, localCatalogId } from './model-id';

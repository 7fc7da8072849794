export {
  trainClassifier,
  predict,
  stratifiedSplit,
  stratifiedFolds,
  settleThresholdFor,
  wilsonLower,
  inScopeEnergy,
  defaultClassifierOptions,
  type TextClassifier,
  type Prediction,
  type ClassifierTrainOptions,
  type CrossFitSummary,
} from './classifier';
export {
  cascadeDecision,
  cascadeCandidates,
  thresholdForAccuracy,
  defaultCascadeThresholds,
  type CascadeDecision,
  type CascadeThresholds,
} from './cascade';
export { serializeClassifier, deserializeClassifier } from './serialization';
export { evaluate, type Evaluation } from './evaluation';
export { parseBankingCsv, parseClincJson, DatasetFormatError, OUT_OF_SCOPE, type Example } from './datasets';
export {
  coverageCurve,
  perClassScores,
  macroF1,
  accuracy,
  parseCurve,
  curvePointSchema,
  type CurvePoint,
  type ClassScore,
} from './metrics';
export { expectedCalibrationError, fitTemperature } from './calibration';
export {
  trainTenantClassifier,
  promotionHoldout,
  rollback,
  deactivateClassifier,
  metricsOf,
  type TrainResult,
  type TenantModelMetrics,
  type PromotionComparison,
} from './tenant-training';
export { loadActiveClassifier, clearClassifierCache, type ActiveClassifier } from './active-classifier';
export { collectTenantLabels, labelReadiness, MIN_LABELS_PER_CATEGORY, MIN_LABELS_TOTAL } from './tenant-labels';
export { shouldRetrain, retrainStatus, maybeRequestRetrain, requestTrainingNow, sweepRetrains, type RetrainStatus } from './retrain';
export { listClassifierVersions } from './tenant-training';
export {
  categoryInput,
  categoryUpdate,
  listCategories,
  createCategory,
  updateCategory,
  deleteCategory,
  type CategoryInput,
} from './taxonomy';
export { classifierText, CLASSIFIER_TEXT_CHARS, CLASSIFIER_TEXT_MESSAGES } from './ticket-text';

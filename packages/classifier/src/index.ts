export { trainClassifier, predict, stratifiedSplit, defaultClassifierOptions, type TextClassifier, type Prediction, type ClassifierTrainOptions } from './classifier';
export { cascadeDecision, cascadeCandidates, defaultCascadeThresholds, type CascadeDecision, type CascadeThresholds } from './cascade';
export { serializeClassifier, deserializeClassifier } from './serialization';
export { evaluate, type Evaluation } from './evaluation';
export { parseBankingCsv, parseClincJson, DatasetFormatError, OUT_OF_SCOPE, type Example } from './datasets';
export { coverageCurve, perClassScores, macroF1, accuracy, type CurvePoint, type ClassScore } from './metrics';
export { expectedCalibrationError, fitTemperature } from './calibration';

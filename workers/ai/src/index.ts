export { aiHandlers, classifierHandlers, KB_CHANGED_CHANNEL, type AiWorkerDeps } from './handlers';

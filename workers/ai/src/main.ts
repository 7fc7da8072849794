import type { Worker } from 'bullmq';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { queueReembedding } from '@helpdesk/ai';
import { KnowledgeIndex, withTaskPrefixes } from '@helpdesk/knowledge';
import { manifestEntryForFile } from '@helpdesk/models/manifest';
import { TINY_MODEL_PATH, writeTinyModel } from '@helpdesk/models/tiny-model';
import { ModelRuntime, type ModelStatus } from '@helpdesk/llm';
import { cloudFailures } from '@helpdesk/escalation';
import { cloudErrorCollector, createRegistry, instrumentWorkers, runtimeCollector, serveMetrics } from '@helpdesk/metrics';
import { loadConfig } from '@helpdesk/config';
import { createDb } from '@helpdesk/db';
import { createRedis, createWorker, jobs } from '@helpdesk/jobs';
import { superviseWorkers, workerProcess } from '@helpdesk/jobs/worker-process';
import { errorFields } from '@helpdesk/logging';
import { aiHandlers, classifierHandlers, KB_CHANGED_CHANNEL } from './handlers';

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';
const config = loadConfig();
const db = createDb(config.DATABASE_URL, 5);
const redis = createRedis(config.REDIS_URL);
const subscriber = createRedis(config.REDIS_URL);
const proc = workerProcess('ai');
const { log } = proc;
const workers: Worker[] = [];
let runtime: ModelRuntime | undefined;
let modelStatus: Pick<ModelStatus, 'path' | 'loaded' | 'demo' | 'gpu' | 'error'> = {
  path: config.MODEL_PATH,
  loaded: false,
  demo: false,
  error: 'loading',
};
let embeddingModel: string | undefined;

const workerOptions = {
  lockDuration: config.AI_JOB_LOCK_MS,
  stalledInterval: Math.max(1_000, Math.floor(config.AI_JOB_LOCK_MS / 2)),
  maxStalledCount: 2,
};

workers.push(
  createWorker(jobs.classifierTrain.queue, classifierHandlers(config.DATABASE_URL), redis, { ...workerOptions, concurrency: 1 }),
);

try {
  // The demo model is generated, not downloaded: a fresh checkout's worker starts without a setup step.
  if (resolve(config.MODEL_PATH) === TINY_MODEL_PATH && !existsSync(TINY_MODEL_PATH)) await writeTinyModel();
  runtime = await ModelRuntime.load({
    modelPath: config.MODEL_PATH,
    embeddingModelPath: config.EMBEDDING_MODEL_PATH || undefined,
    threads: config.LLAMA_THREADS,
    sequences: config.LLAMA_SEQUENCES,
    contextSize: config.LLAMA_CONTEXT_SIZE,
    gpu: config.LLAMA_GPU === 'auto',
    gpuLayers: config.LLAMA_GPU_LAYERS,
    flashAttention: config.LLAMA_FLASH_ATTENTION === 'on',
    batchSize: config.LLAMA_BATCH_SIZE,
  });
  modelStatus = runtime.status();
  if (runtime.demo)
    log.warn(
      { model: runtime.modelId },
      'the demo model (random weights) is loaded: AI output is not meaningful until `npm run models:pull`',
    );
  const embeddingPath = config.EMBEDDING_MODEL_PATH || config.MODEL_PATH;
  const index = new KnowledgeIndex(db, withTaskPrefixes(runtime, manifestEntryForFile(embeddingPath)?.taskPrefixes), {
    maxBytes: config.KB_INDEX_MAX_MB * 1024 * 1024,
  });
  embeddingModel = index.modelId;
  await subscriber.subscribe(KB_CHANGED_CHANNEL);
  subscriber.on('message', (_channel, tenantId: string) => index.invalidate(tenantId));
  const handlers = aiHandlers({ db, runtime, redis, index });
  // Every AI queue may use all sequences; the SequencePool caps what actually runs on the model at once.
  for (const name of ['triage', 'retrieval', 'draft', 'summary', 'kbEmbed'] as const) {
    workers.push(createWorker(jobs[name].queue, handlers, redis, { ...workerOptions, concurrency: config.LLAMA_SEQUENCES }));
  }
  // A changed embedding model leaves every stored vector unusable: re-embed in the background, full text answers meanwhile.
  void queueReembedding(db, redis, index.modelId).then(
    (queued) =>
      queued.articles &&
      log.info({ embeddingModel: index.modelId, ...queued }, 're-embedding the knowledge base with the current embedding model'),
    (error: unknown) => log.error(errorFields(error), 're-embedding not queued'),
  );
  const { gpu } = runtime;
  log.info(
    {
      model: runtime.modelId,
      sequences: config.LLAMA_SEQUENCES,
      threads: config.LLAMA_THREADS,
      gpu: gpu.backend,
      gpuDevices: gpu.devices,
      gpuLayers: `${gpu.layers}/${gpu.totalLayers}`,
    },
    'ai worker ready',
  );
  // A GPU asked for but not used is the silent fallback operators most need to hear about.
  if (!gpu.offloaded && config.LLAMA_GPU === 'auto' && typeof config.LLAMA_GPU_LAYERS === 'number' && config.LLAMA_GPU_LAYERS > 0) {
    log.warn({ backend: gpu.backend, requestedLayers: config.LLAMA_GPU_LAYERS }, 'GPU offload requested but the model runs on the CPU');
  }
} catch (error) {
  modelStatus = { path: config.MODEL_PATH, loaded: false, demo: false, error: (error as Error).message };
  log.error(errorFields(error), 'the model did not load; AI jobs wait for a worker that has it');
}

const metrics = createRegistry('ai-worker');
instrumentWorkers(metrics, workers);
runtimeCollector(metrics, () => (runtime ? { ...runtime.stats, busySequences: runtime.pool.busy, sequences: runtime.pool.size } : null));
cloudErrorCollector(metrics, () => cloudFailures);
await superviseWorkers(proc, {
  redis,
  workers,
  model: () => ({
    path: modelStatus.path,
    loaded: modelStatus.loaded,
    demo: modelStatus.demo,
    gpu: modelStatus.gpu,
    error: modelStatus.error || undefined,
    embeddingModel,
  }),
  metrics: { port: config.AI_WORKER_METRICS_PORT, serve: (port) => serveMetrics(metrics, port, config.BIND_ADDRESS) },
  close: async () => {
    await runtime?.dispose();
    subscriber.disconnect();
    await db.$disconnect();
  },
});

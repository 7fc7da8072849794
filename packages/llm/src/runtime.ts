import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  getLlama,
  LlamaLogLevel,
  readGgufFileInfo,
  type Llama,
  type LlamaContext,
  type LlamaEmbeddingContext,
  type LlamaModel,
} from 'node-llama-cpp';
import { SequencePool } from './sequence-pool';

export interface RuntimeOptions {
  modelPath: string;
  embeddingModelPath?: string;
  threads: number;
  sequences: number;
  contextSize: number;
  gpu: boolean;
  /** Layers offloaded to the GPU: a number, 'max', or 'auto' (as many as fit in free VRAM). Ignored without a GPU. */
  gpuLayers?: 'auto' | 'max' | number;
  flashAttention?: boolean;
  /** Tokens decoded per batch; llama.cpp's default (512) when unset. */
  batchSize?: number;
}

/** Whether the model runs on a GPU, so that a silent fallback to the CPU shows. */
export interface GpuStatus {
  /** The llama.cpp backend in use ('cuda', 'vulkan', 'metal'), or false on the CPU. */
  backend: string | false;
  devices: string[];
  /** Layers offloaded to the GPU, of totalLayers. */
  layers: number;
  totalLayers: number;
  /** True when at least one layer runs on the GPU. */
  offloaded: boolean;
  flashAttention: boolean;
  batchSize: number;
}

export interface ModelStatus {
  path: string;
  modelId: string;
  loaded: boolean;
  demo: boolean;
  sequences: number;
  contextSize: number;
  gpu?: GpuStatus;
  error?: string;
}

/** The model file is missing, truncated or not a GGUF the runtime can load. */
export class ModelLoadError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(
      `Cannot load model ${path}: ${reason}. Run \`npm run models:tiny\` for the demo model or \`npm run models:pull -- <name>\` for a real one, and point MODEL_PATH at it.`,
    );
    this.name = 'ModelLoadError';
  }
}

const EMBEDDING_CONTEXT = 1024;
const DEMO_MODEL_NAME = 'helpdesk-tiny-demo';
// The benchmark's larger synthetic model (models/src/tiny-model.ts) has random weights too: demo output either way.
const SYNTHETIC_MODEL_NAME = /^helpdesk-\w+-synthetic$/;

async function inspect(path: string): Promise<{ demo: boolean }> {
  if (!existsSync(path)) throw new ModelLoadError(path, 'the file does not exist');
  if (statSync(path).size < 64) throw new ModelLoadError(path, 'the file is too small to be a GGUF model');
  try {
    const info = await readGgufFileInfo(path, { readTensorInfo: false });
    const name = info.metadata.general.name ?? '';
    return { demo: name === DEMO_MODEL_NAME || SYNTHETIC_MODEL_NAME.test(name) };
  } catch (error) {
    throw new ModelLoadError(path, `it is not a valid GGUF file (${(error as Error).message})`);
  }
}

/**
 * One per process: the model is loaded once, with one context whose sequences are shared by jobs
 * through a SequencePool. Embeddings use their own context (and model, when a dedicated one is set).
 */
export class ModelRuntime {
  /** Running totals since load, read by the worker's /metrics (tokens per second is their rate). */
  readonly stats = { promptTokens: 0, outputTokens: 0, computeSeconds: 0 };
  private embeddingContext?: Promise<{ context: LlamaEmbeddingContext; model: LlamaModel }>;

  private constructor(
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly pool: SequencePool,
    readonly options: RuntimeOptions,
    readonly demo: boolean,
    readonly gpu: GpuStatus,
  ) {}

  static async load(options: RuntimeOptions): Promise<ModelRuntime> {
    const modelPath = resolve(options.modelPath);
    const { demo } = await inspect(modelPath);
    process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';
    const llama = await getLlama({ gpu: options.gpu ? 'auto' : false, build: 'never', logLevel: LlamaLogLevel.error });
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath, gpuLayers: llama.gpu === false ? 0 : (options.gpuLayers ?? 'auto') });
    } catch (error) {
      throw new ModelLoadError(modelPath, (error as Error).message);
    }
    const context = await model.createContext({
      contextSize: options.contextSize,
      sequences: options.sequences,
      threads: options.threads,
      batchSize: options.batchSize,
      flashAttention: options.flashAttention ?? false,
    });
    const gpu: GpuStatus = {
      backend: llama.gpu,
      devices: llama.gpu === false ? [] : await llama.getGpuDeviceNames(),
      layers: model.gpuLayers,
      totalLayers: model.fileInsights.totalLayers,
      offloaded: llama.gpu !== false && model.gpuLayers > 0,
      flashAttention: context.flashAttention === true,
      batchSize: context.batchSize,
    };
    return new ModelRuntime(llama, model, context, new SequencePool(context, options.sequences), { ...options, modelPath }, demo, gpu);
  }

  get modelId(): string {
    return basename(this.options.modelPath).replace(/\.gguf$/, '');
  }

  get embeddingModelId(): string {
    return this.options.embeddingModelPath ? basename(this.options.embeddingModelPath).replace(/\.gguf$/, '') : this.modelId;
  }

  private embeddings(): Promise<{ context: LlamaEmbeddingContext; model: LlamaModel }> {
    this.embeddingContext ??= (async () => {
      const model = this.options.embeddingModelPath
        ? await this.llama.loadModel({ modelPath: resolve(this.options.embeddingModelPath) })
        : this.model;
      const context = await model.createEmbeddingContext({ contextSize: EMBEDDING_CONTEXT, threads: this.options.threads });
      return { context, model };
    })();
    return this.embeddingContext;
  }

  /** Long texts are cut to the embedding context; chunking keeps KB texts well below it. */
  async embed(text: string): Promise<Float32Array> {
    const { context, model } = await this.embeddings();
    const tokens = model.tokenize(text).slice(0, EMBEDDING_CONTEXT - 8);
    const { vector } = await context.getEmbeddingFor(tokens.length ? tokens : model.tokenize(' '));
    return Float32Array.from(vector);
  }

  status(): ModelStatus {
    return {
      path: this.options.modelPath,
      modelId: this.modelId,
      loaded: true,
      demo: this.demo,
      sequences: this.pool.size,
      contextSize: this.context.contextSize,
      gpu: this.gpu,
    };
  }

  async dispose(): Promise<void> {
    if (this.embeddingContext) await (await this.embeddingContext).context.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}

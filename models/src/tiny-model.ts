import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { f32Tensor, GgmlType, randomQ4_0, seededRandom, writeGguf, type GgufTensor, type GgufValue } from './gguf-writer';
import { tinyVocabularyWords } from './tiny-vocab';

export const TINY_MODEL_NAME = 'tiny-llama-q4_0.gguf';
const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TINY_MODEL_PATH = resolve(MODELS_DIR, TINY_MODEL_NAME);

/**
 * The shapes of the synthetic models. `tiny` (121 KB) is the demo model that tests and `npm start` use: so small
 * that a token costs almost nothing but the runtime's own overhead. `bench` has the same vocabulary and template
 * but the proportions of a real model at about 1/70 of a 7B's weights (1024 wide, 8 layers, 50 MB), so that the
 * matrix products dominate a token as they do in a real model; `bench:ai -- --model-size bench` measures the
 * runtime on it. Both have random weights: their words mean nothing.
 */
export const SYNTHETIC_SIZES = {
  tiny: { embd: 64, layers: 2, heads: 4, headsKv: 4, ff: 128, ctx: 4096 },
  bench: { embd: 1024, layers: 8, heads: 16, headsKv: 4, ff: 2816, ctx: 4096 },
} as const;
export type SyntheticSize = keyof typeof SYNTHETIC_SIZES;
type Dims = (typeof SYNTHETIC_SIZES)[SyntheticSize];

export const syntheticModelPath = (size: SyntheticSize) =>
  size === 'tiny' ? TINY_MODEL_PATH : resolve(MODELS_DIR, `${size}-llama-q4_0.gguf`);

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// llama.cpp token types
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const BYTE = 6;

function buildVocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const add = (piece: string, type: number, score = 0) => {
    tokens.push(piece);
    scores.push(score);
    types.push(type);
  };
  add('<unk>', UNKNOWN);
  add('<s>', CONTROL);
  add('</s>', CONTROL);
  add('<|im_start|>', CONTROL);
  add('<|im_end|>', CONTROL);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, BYTE);
  const seen = new Set<string>();
  const piece = (p: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    add(p, NORMAL, -tokens.length);
  };
  piece('▁');
  for (let c = 0x21; c < 0x7f; c++) piece(String.fromCharCode(c));
  for (const word of tinyVocabularyWords()) {
    const full = `▁${word}`;
    for (let end = 2; end <= full.length; end++) piece(full.slice(0, end));
  }
  return { tokens, scores, types };
}

function buildTensors(vocabSize: number, dims: Dims): GgufTensor[] {
  const random = seededRandom(20261126);
  const { embd, layers, ff, heads, headsKv } = dims;
  const kv = (embd / heads) * headsKv;
  const q = (name: string, rowLength: number, rows: number, scale: number): GgufTensor => ({
    name,
    dims: [rowLength, rows],
    type: GgmlType.Q4_0,
    data: randomQ4_0(rowLength, rows, random, scale),
  });
  const norm = (name: string): GgufTensor => ({ name, dims: [embd], type: GgmlType.F32, data: f32Tensor(new Array(embd).fill(1)) });
  const tensors: GgufTensor[] = [q('token_embd.weight', embd, vocabSize, 0.05), norm('output_norm.weight')];
  for (let l = 0; l < layers; l++) {
    tensors.push(
      norm(`blk.${l}.attn_norm.weight`),
      q(`blk.${l}.attn_q.weight`, embd, embd, 0.02),
      q(`blk.${l}.attn_k.weight`, embd, kv, 0.02),
      q(`blk.${l}.attn_v.weight`, embd, kv, 0.02),
      q(`blk.${l}.attn_output.weight`, embd, embd, 0.02),
      norm(`blk.${l}.ffn_norm.weight`),
      q(`blk.${l}.ffn_gate.weight`, embd, ff, 0.02),
      q(`blk.${l}.ffn_up.weight`, embd, ff, 0.02),
      q(`blk.${l}.ffn_down.weight`, ff, embd, 0.02),
    );
  }
  return tensors;
}

/** Writes a synthetic model: a real llama-architecture GGUF with random Q4_0 weights and a ChatML template. */
export async function writeTinyModel(
  path = TINY_MODEL_PATH,
  size: SyntheticSize = 'tiny',
): Promise<{ path: string; bytes: number; vocabSize: number }> {
  const vocab = buildVocabulary();
  const dims = SYNTHETIC_SIZES[size];
  const { embd, layers, heads, headsKv, ff, ctx } = dims;
  const metadata: Record<string, GgufValue> = {
    'general.architecture': { str: 'llama' },
    'general.name': { str: size === 'tiny' ? 'helpdesk-tiny-demo' : `helpdesk-${size}-synthetic` },
    'general.file_type': { u32: 2 },
    'general.alignment': { u32: 32 },
    'llama.context_length': { u32: ctx },
    'llama.embedding_length': { u32: embd },
    'llama.block_count': { u32: layers },
    'llama.feed_forward_length': { u32: ff },
    'llama.rope.dimension_count': { u32: embd / heads },
    'llama.attention.head_count': { u32: heads },
    'llama.attention.head_count_kv': { u32: headsKv },
    'llama.attention.layer_norm_rms_epsilon': { f32: 1e-5 },
    'llama.rope.freq_base': { f32: 10000 },
    'tokenizer.ggml.model': { str: 'llama' },
    'tokenizer.ggml.tokens': { strs: vocab.tokens },
    'tokenizer.ggml.scores': { f32s: vocab.scores },
    'tokenizer.ggml.token_type': { i32s: vocab.types },
    'tokenizer.ggml.unknown_token_id': { u32: 0 },
    'tokenizer.ggml.bos_token_id': { u32: 1 },
    'tokenizer.ggml.eos_token_id': { u32: 4 },
    'tokenizer.ggml.add_bos_token': { bool: true },
    'tokenizer.ggml.add_eos_token': { bool: false },
    'tokenizer.chat_template': { str: CHATML_TEMPLATE },
  };
  await mkdir(dirname(path), { recursive: true });
  // Written aside then renamed: a concurrent reader never sees a half-written model.
  const partial = `${path}.${process.pid}.partial`;
  const bytes = await writeGguf(partial, metadata, buildTensors(vocab.tokens.length, dims));
  await rename(partial, path);
  return { path, bytes, vocabSize: vocab.tokens.length };
}

export async function ensureTinyModel(path = TINY_MODEL_PATH, size: SyntheticSize = 'tiny'): Promise<string> {
  if (!existsSync(path)) await writeTinyModel(path, size);
  return path;
}

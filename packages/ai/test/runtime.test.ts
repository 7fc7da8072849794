import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, ModelRuntime } from '@helpdesk/llm';
import { generateTriage } from '../src/triage';
import { triageFields } from '../src/triage-schema';
import { ensureTinyModel, writeTinyModel } from '@helpdesk/models/tiny-model';

const taxonomy = {
  categories: [
    { key: 'billing', name: 'Billing', description: 'invoices, charges, refunds' },
    { key: 'login', name: 'Login', description: 'passwords and sign in' },
    { key: 'shipping', name: 'Shipping', description: 'delivery and tracking' },
  ],
};
const keys = taxonomy.categories.map((c) => c.key);

let runtime: ModelRuntime;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ai-runtime-'));
  runtime = await ModelRuntime.load({ modelPath: await ensureTinyModel(), threads: 1, sequences: 2, contextSize: 2048, gpu: false });
});
afterAll(async () => {
  await runtime?.dispose();
});

describe('tiny GGUF generator', () => {
  it('writes a llama GGUF v3 with Q4_0 tensors, a tokenizer and a ChatML template', async () => {
    const path = join(dir, 'fresh.gguf');
    const written = await writeTinyModel(path);
    const info = await readGgufFileInfo(path, { readTensorInfo: true });
    expect(info.version).toBe(3);
    expect(info.metadata.general.architecture).toBe('llama');
    const tensors = info.fullTensorInfo ?? [];
    const q4 = tensors.filter((t) => t.ggmlType === 2);
    expect(q4.length).toBeGreaterThanOrEqual(15);
    expect(q4.map((t) => t.name)).toContain('token_embd.weight');
    const tokenizer = info.metadata.tokenizer as { ggml: { tokens: readonly string[] }; chat_template: string };
    expect(tokenizer.ggml.tokens.length).toBe(written.vocabSize);
    expect(tokenizer.chat_template).toContain('<|im_start|>');
    expect(written.bytes).toBeLessThan(400_000);
  });

  it('is deterministic', async () => {
    const a = join(dir, 'a.gguf');
    const b = join(dir, 'b.gguf');
    await writeTinyModel(a);
    await writeTinyModel(b);
    expect(Buffer.compare(await readFile(a), await readFile(b))).toBe(0);
  });
});

describe('ModelRuntime', () => {
  it('refuses a missing or corrupt model file with a clear error', async () => {
    const opts = { threads: 1, sequences: 1, contextSize: 512, gpu: false };
    await expect(ModelRuntime.load({ ...opts, modelPath: join(dir, 'nope.gguf') })).rejects.toThrow(/does not exist.*models:tiny/);
    const corrupt = join(dir, 'corrupt.gguf');
    await writeFile(corrupt, Buffer.alloc(4096, 7));
    await expect(ModelRuntime.load({ ...opts, modelPath: corrupt })).rejects.toBeInstanceOf(ModelLoadError);
    const truncated = join(dir, 'truncated.gguf');
    await copyFile(await ensureTinyModel(), truncated);
    const bytes = await readFile(truncated);
    await writeFile(truncated, bytes.subarray(0, 2000));
    await expect(ModelRuntime.load({ ...opts, modelPath: truncated })).rejects.toBeInstanceOf(ModelLoadError);
  });

  it('flags the tiny model as a demo', () => {
    expect(runtime.status()).toMatchObject({ loaded: true, demo: true, sequences: 2 });
  });

  it('produces schema-valid triage JSON for 100 of 100 inputs', async () => {
    const subjects = ['Refund please', 'Cannot log in', 'Where is my parcel', 'Charged twice', 'Password reset broken'];
    let invalid = 0;
    let valid = 0;
    const runs = Array.from({ length: 100 }, (_, i) => ({
      subject: `${subjects[i % subjects.length]} #${i}`,
      text: `Hello, ticket ${i}: ${'my order '.repeat(i % 7)}is late and I am ${i % 2 ? 'angry' : 'happy'}.`,
    }));
    for (let i = 0; i < runs.length; i += 2) {
      const pair = await Promise.all(
        runs.slice(i, i + 2).map((r) => generateTriage(runtime, { tenantId: 't1', taxonomy, allowedKeys: keys, ...r })),
      );
      for (const result of pair) {
        invalid += result.invalidOutputs;
        const choice = result.category;
        if (
          result.fields &&
          triageFields.safeParse(result.fields).success &&
          choice &&
          [...keys, 'other'].includes(choice.key) &&
          choice.prob > 0 &&
          choice.prob <= 1
        )
          valid++;
      }
    }
    console.log(`triage: ${valid}/100 valid, ${invalid} invalid raw outputs retried`);
    expect(valid).toBe(100);
  }, 240_000);

  it('reuses the tenant prefix: the second ticket evaluates far fewer prompt tokens', async () => {
    const base = { tenantId: 'prefix-tenant', taxonomy, allowedKeys: keys };
    const first = await generateTriage(runtime, { ...base, subject: 'First', text: 'My card was charged twice.' });
    const second = await generateTriage(runtime, { ...base, subject: 'Second', text: 'I cannot sign in.' });
    const cold = await generateTriage(runtime, { ...base, subject: 'Second', text: 'I cannot sign in.', reusePrefix: false });
    expect(second.tokensIn).toBeGreaterThan(0);
    expect(second.promptTokensEvaluated * 3).toBeLessThan(cold.promptTokensEvaluated);
    expect(first.promptTokensEvaluated).toBeGreaterThan(second.promptTokensEvaluated);
  });

  it('embeds text as a fixed-size vector', async () => {
    const a = await runtime.embed('refund my order');
    const b = await runtime.embed('');
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBe(a.length);
  });
});

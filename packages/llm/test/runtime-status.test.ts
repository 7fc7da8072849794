import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTinyModel, SYNTHETIC_SIZES, writeTinyModel } from '@helpdesk/models/tiny-model';
import { expect, it } from 'vitest';
import { ModelRuntime } from '../src/runtime';

it("reports GPU offload as off, with 0 of the model's layers, when the runtime runs on the CPU", async () => {
  const runtime = await ModelRuntime.load({
    modelPath: await ensureTinyModel(),
    threads: 1,
    sequences: 1,
    contextSize: 512,
    gpu: false,
    gpuLayers: 'max',
    batchSize: 128,
  });
  try {
    const { gpu } = runtime.status();
    expect(gpu).toMatchObject({ backend: false, devices: [], layers: 0, offloaded: false, flashAttention: false, batchSize: 128 });
    // The tiny model has layers: a count of 0 says "none offloaded", not "unknown".
    expect(gpu?.totalLayers).toBeGreaterThan(0);
  } finally {
    await runtime.dispose();
  }
});

it('loads the benchmark-size synthetic model (8 layers, grouped-query attention) and flags it as a demo model', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-model-'));
  try {
    const path = await writeTinyModel(join(dir, 'bench.gguf'), 'bench').then((w) => w.path);
    const runtime = await ModelRuntime.load({
      modelPath: path,
      threads: 1,
      sequences: 1,
      contextSize: 512,
      gpu: false,
      gpuLayers: 0,
      batchSize: 128,
    });
    try {
      const status = runtime.status();
      // Random weights: whatever it writes must be labelled demo output, as the tiny model's is.
      expect(status.demo).toBe(true);
      expect(status.gpu?.totalLayers).toBe(SYNTHETIC_SIZES.bench.layers + 1);
    } finally {
      await runtime.dispose();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

import { ensureTinyModel } from '@helpdesk/models/tiny-model';
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

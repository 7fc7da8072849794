import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { complete } from '../src/completion';
import { ModelRuntime } from '../src/runtime';

let runtime: ModelRuntime;

beforeAll(async () => {
  runtime = await ModelRuntime.load({ modelPath: await ensureTinyModel(), threads: 1, sequences: 2, contextSize: 1024, gpu: false });
});
afterAll(async () => {
  await runtime?.dispose();
});

/** Everything that outlives one completion and that a completion could subscribe to. */
function listeners(): { sequences: number; context: number; model: number } {
  const sequences = runtime.pool.sequences.reduce((sum, s) => sum + s.onDispose.listenerCount, 0);
  return { sequences, context: runtime.context.onDispose.listenerCount, model: runtime.model.onDispose.listenerCount };
}

it('1,000 completions on the long-lived sequences leave no listener behind', async () => {
  // One call first: lazily created state (chat wrapper, sampler) is not a leak.
  await complete(runtime, { system: 'You sort tickets.', prefixKey: 'warm-up', user: 'hello', maxTokens: 1 });
  const before = listeners();
  for (let i = 0; i < 1000; i++) {
    await complete(runtime, { system: 'You sort tickets.', prefixKey: `tenant-${i % 3}`, user: `ticket ${i}`, maxTokens: 2 });
  }
  expect(listeners()).toEqual(before);
}, 300_000);

it('an aborted completion still releases its listener', async () => {
  const before = listeners();
  const reader = new AbortController();
  const aborted = complete(runtime, {
    system: 'You sort tickets.',
    prefixKey: 'abort',
    user: 'hello',
    maxTokens: 50,
    signal: reader.signal,
    onTextChunk: () => reader.abort(new Error('the reader went away')),
  });
  await expect(aborted).rejects.toThrow();
  expect(listeners()).toEqual(before);
});

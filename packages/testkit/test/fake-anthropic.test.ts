import Anthropic from '@anthropic-ai/sdk';
import type { TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_TTL_MS, cacheMinimumTokens } from '@helpdesk/escalation/cache-minimums';
import { countTokens, startFakeAnthropic, type FakeAnthropic } from '../src/fake-anthropic';

let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  const frozen = Date.now();
  fake = await startFakeAnthropic({ deltaDelayMs: 0, now: () => frozen });
  client = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** A system prefix of exactly `tokens` tokens by the server's four-characters-a-token count. */
function prefixOf(tokens: number, seed = 'a'): TextBlockParam[] {
  const text = `${seed}${'x'.repeat(tokens * 4 - seed.length)}`;
  expect(countTokens(text)).toBe(tokens);
  return [{ type: 'text', text, cache_control: { type: 'ephemeral' } }];
}

async function call(model: string, system: TextBlockParam[], ticket = 'Where is my card?') {
  const message = await client.messages.create({
    model,
    max_tokens: 200,
    system,
    messages: [{ role: 'user', content: `<ticket>${ticket}</ticket>` }],
  });
  return message.usage;
}

describe('fake Messages API prompt caching', () => {
  it('caches nothing for a marked prefix one token below the model minimum, and bills it all as input', async () => {
    const min = cacheMinimumTokens('claude-haiku-4-5');
    expect(min).toBe(4096);
    for (let i = 0; i < 2; i++) {
      const usage = await call('claude-haiku-4-5', prefixOf(min - 1));
      expect(usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
      expect(usage.input_tokens).toBeGreaterThan(min - 1);
    }
  });

  it('applies each model its own minimum: 1,500 tokens cache on Sonnet 4.5 but not on Sonnet 4.6', async () => {
    expect((await call('claude-sonnet-4-5-20250929', prefixOf(1500))).cache_creation_input_tokens).toBe(1500);
    expect((await call('claude-sonnet-4-6', prefixOf(1500))).cache_creation_input_tokens).toBe(0);
    expect((await call('claude-sonnet-4-6', prefixOf(2048))).cache_creation_input_tokens).toBe(2048);
  });

  it('writes on the first call, reads within the TTL of the last use, and writes again once it lapsed', async () => {
    const system = prefixOf(4096);
    const first = await call('claude-haiku-4-5', system);
    expect(first).toMatchObject({ cache_creation_input_tokens: 4096, cache_read_input_tokens: 0 });
    const tail = first.input_tokens;

    fake.advanceClock(CACHE_TTL_MS - 1);
    expect(await call('claude-haiku-4-5', system)).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 4096,
      input_tokens: tail,
    });
    // The read refreshed the entry: it lives a full TTL from that read, well past the write's own expiry.
    fake.advanceClock(CACHE_TTL_MS - 1);
    expect(await call('claude-haiku-4-5', system)).toMatchObject({ cache_read_input_tokens: 4096 });

    fake.advanceClock(CACHE_TTL_MS + 1);
    expect(await call('claude-haiku-4-5', system)).toMatchObject({ cache_creation_input_tokens: 4096, cache_read_input_tokens: 0 });
  });

  it('keys the cache on model and exact prefix', async () => {
    await call('claude-haiku-4-5', prefixOf(4096, 'a'));
    expect((await call('claude-haiku-4-5', prefixOf(4096, 'b'))).cache_creation_input_tokens).toBe(4096);
    expect((await call('claude-opus-4-5', prefixOf(4096, 'a'))).cache_creation_input_tokens).toBe(4096);
    expect((await call('claude-haiku-4-5', prefixOf(4096, 'a'), 'another ticket')).cache_read_input_tokens).toBe(4096);
  });

  it('a dropped stream delivers exactly the scripted number of one-token deltas', async () => {
    fake.script([{ type: 'drop', afterDeltas: 40 }]);
    const deltas: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 500,
      messages: [{ role: 'user', content: `<ticket>${'word '.repeat(60)}</ticket>` }],
    });
    stream.on('text', (t) => deltas.push(t));
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(deltas).toHaveLength(40);
    expect(countTokens(deltas.join(''))).toBe(40);
  });
});

import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { useTestDatabase, type TestDatabase } from '@helpdesk/testkit/hooks';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from '@helpdesk/testkit/fake-anthropic';
import { CircuitBreaker } from '../src/circuit-breaker';
import type { CloudOptions, DraftRouteContext } from '../src/draft-router';
import { seedPrices } from './fixtures';

/** The file's own database (hd_esc_*, a prefix other suites' global setup leaves alone), with the platform prices when asked. */
export function useTestDb(options: { prices?: boolean } = {}): TestDatabase {
  const world = useTestDatabase({ prefix: 'hd_esc', pool: 20 });
  if (options.prices) beforeAll(() => seedPrices(world.db));
  return world;
}

export interface DraftWorld extends TestDatabase {
  fake: FakeAnthropic;
  client: Anthropic;
}

/** useTestDb with prices, the local Messages API stand-in (its script and log reset before each test) and an SDK client of it. */
export function useDraftWorld(fakeOptions: FakeAnthropicOptions = { deltaDelayMs: 0 }): DraftWorld {
  const world = useTestDb({ prices: true }) as DraftWorld;
  beforeAll(async () => {
    world.fake = await startFakeAnthropic(fakeOptions);
    world.client = new Anthropic({ apiKey: 'test', baseURL: world.fake.url, maxRetries: 0 });
  });
  afterAll(() => world.fake?.close());
  beforeEach(() => world.fake.reset());
  return world;
}

/** The local model's draft, as the AI worker would pass it. */
export const localDraft = async () => ({
  body: 'Local draft body',
  modelId: 'local-q4',
  promptVersion: 'local-v1',
  tokensIn: 10,
  tokensOut: 5,
  durationMs: 7,
});

/**
 * What the draft job passes routeDraft, for content version 1 of the ticket: no Redis, the local draft above, and a
 * cloud with a fresh circuit, short backoff and timeouts (`cloud` changes some of those, the rest replaces fields).
 */
export function draftContext(
  world: DraftWorld,
  tenantId: string,
  ticketId: string,
  { cloud, ...over }: Omit<Partial<DraftRouteContext>, 'cloud'> & { cloud?: CloudOptions } = {},
): DraftRouteContext {
  return {
    db: world.db,
    redis: null,
    tenantId,
    ticketId,
    contentVersion: 1,
    jobId: `draft-${ticketId}-v1`,
    attempt: 0,
    localDraft,
    cloud: {
      client: world.client,
      breaker: new CircuitBreaker({ failureThreshold: 5, coolDownMs: 60_000 }),
      baseBackoffMs: 5,
      maxRetryAfterMs: 5_000,
      timeoutMs: 5_000,
      ...cloud,
    },
    ...over,
  };
}

/**
 * The one table of Anthropic's minimum cacheable prompt length per model: a prefix marked with
 * `cache_control` that is shorter than this is processed at the full input rate, with no error and both
 * cache counters at zero. The prompt builder sizes the tenant prefix from it, and the local Messages API
 * server (packages/testkit) enforces it, so tests see what production would.
 *
 * Source: Anthropic's prompt-caching docs ("Cache limitations", checked 2026-12): 4,096 tokens for Opus 4.6,
 * Opus 4.5 and Haiku 4.5; 1,024 for Sonnet 4.5, Opus 4.1, Opus 4, Sonnet 4 and Sonnet 3.7; 2,048 for Haiku 3.5
 * and Haiku 3. Sonnet 4.6 is listed at 1,024 but caches only from 2,048 in practice
 * (anthropics/anthropic-sdk-python#1194, and gateways' tables list 2,048), so we use the stricter figure.
 */
export const CACHE_MINIMUM_TOKENS: Readonly<Record<string, number>> = {
  'claude-opus-4-6': 4096,
  'claude-opus-4-5': 4096,
  'claude-haiku-4-5': 4096,
  'claude-sonnet-4-6': 2048,
  'claude-sonnet-4-5': 1024,
  'claude-opus-4-1': 1024,
  'claude-opus-4': 1024,
  'claude-sonnet-4': 1024,
  'claude-3-7-sonnet': 1024,
  'claude-3-5-haiku': 2048,
  'claude-3-haiku': 2048,
};

/** A model we have no figure for is assumed to need the largest known minimum, so we never under-size a prefix. */
export const UNKNOWN_MODEL_CACHE_MINIMUM = 4096;

/** The 5-minute default TTL of an ephemeral cache entry, refreshed each time the entry is read. */
export const CACHE_TTL_MS = 5 * 60_000;

/**
 * Minimum for a model id, dated snapshots included ("claude-haiku-4-5-20251001" is claude-haiku-4-5). Only an
 * exact id or id + "-YYYYMMDD" matches, so a newer model such as "claude-opus-4-7" is not mistaken for "claude-opus-4".
 */
export function cacheMinimumTokens(model: string): number {
  const base = model.replace(/-\d{8}$/, '');
  return CACHE_MINIMUM_TOKENS[base] ?? UNKNOWN_MODEL_CACHE_MINIMUM;
}

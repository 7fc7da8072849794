/** The names of the product's rate limits; the rules and the limiters themselves live in @helpdesk/core/rate-limit. */
export const RATE_LIMIT_NAMES = [
  'signInAccount',
  'signInIp',
  'signUpIp',
  'contactFormIp',
  'inboundAlias',
  'apiKey',
  'passwordReset',
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

export interface RateLimitRule {
  points: number;
  durationSeconds: number;
  /** Once exceeded, the key stays refused this long even if the window ends (a lockout). */
  blockSeconds?: number;
}

export type RateLimitOverrides = Partial<Record<RateLimitName, RateLimitRule>>;

const ruleSpec = /^(\d+)\/(\d+)(?:\/(\d+))?$/;

/**
 * Reads `contactFormIp=5/600,signInAccount=10/900/900` (points/window seconds[/block seconds]), the RATE_LIMITS format.
 * An unknown name or a malformed rule throws, naming it, so a typo never silently leaves a default in place.
 */
export function parseRateLimits(spec: string | undefined): RateLimitOverrides {
  const out: RateLimitOverrides = {};
  for (const part of (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name = '', rule = ''] = part.split('=').map((s) => s.trim());
    if (!(RATE_LIMIT_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown limit "${name}" (known: ${RATE_LIMIT_NAMES.join(', ')})`);
    }
    const m = ruleSpec.exec(rule);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      throw new Error(`"${part}" must be name=points/seconds[/blockSeconds] with positive numbers`);
    }
    out[name as RateLimitName] = { points: Number(m[1]), durationSeconds: Number(m[2]), ...(m[3] ? { blockSeconds: Number(m[3]) } : {}) };
  }
  return out;
}

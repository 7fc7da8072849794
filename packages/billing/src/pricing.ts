import type { PriceCatalog } from '@helpdesk/db';

export const MICROS_PER_DOLLAR = 1_000_000n;
const TOKENS_PER_MTOK = 1_000_000n;
const MS_PER_HOUR = 3_600_000n;

export interface TokenCounts {
  tokensIn: number;
  tokensOut: number;
  cacheWriteTokens?: number;
  cacheReadTokens?: number;
}

export type PriceRates = Pick<
  PriceCatalog,
  'inputPerMTokMicros' | 'outputPerMTokMicros' | 'cacheWritePerMTokMicros' | 'cacheReadPerMTokMicros' | 'computePerHourMicros'
>;

/**
 * Integer division rounding half up. Every cost is computed exactly in BigInt on the un-rounded numerator
 * and rounded once, on the final sum, so a call's cost never depends on how its parts were grouped.
 * Negative values (savings below zero) round symmetrically.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n) return -divRoundHalfUp(-numerator, denominator);
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export function divCeil(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

function tokenNumerator(rates: PriceRates, t: TokenCounts): bigint {
  return (
    BigInt(t.tokensIn) * rates.inputPerMTokMicros +
    BigInt(t.tokensOut) * rates.outputPerMTokMicros +
    BigInt(t.cacheWriteTokens ?? 0) * rates.cacheWritePerMTokMicros +
    BigInt(t.cacheReadTokens ?? 0) * rates.cacheReadPerMTokMicros
  );
}

/** Cloud cost in micro-dollars: Σ tokens × per-MTok price ÷ 1,000,000, rounded half up once. */
export function priceTokens(rates: PriceRates, tokens: TokenCounts): bigint {
  return divRoundHalfUp(tokenNumerator(rates, tokens), TOKENS_PER_MTOK);
}

/** Local cost in micro-dollars: computeMs × per-hour price ÷ 3,600,000, rounded half up. */
export function priceCompute(computePerHourMicros: bigint, computeMs: number): bigint {
  return divRoundHalfUp(BigInt(computeMs) * computePerHourMicros, MS_PER_HOUR);
}

/**
 * Upper bound of a cloud call before it runs, for budget reservations: every input token is charged at the
 * dearer of the input and cache-write rates, and the result is rounded up, so a reservation never falls short.
 */
export function priceCall(rates: PriceRates, maxInputTokens: number, maxOutputTokens: number): bigint {
  const inputRate = rates.cacheWritePerMTokMicros > rates.inputPerMTokMicros ? rates.cacheWritePerMTokMicros : rates.inputPerMTokMicros;
  const numerator = BigInt(maxInputTokens) * inputRate + BigInt(maxOutputTokens) * rates.outputPerMTokMicros;
  return divCeil(numerator, TOKENS_PER_MTOK);
}

export function formatMicros(micros: bigint, fractionDigits = 2): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const scale = 10n ** BigInt(6 - fractionDigits);
  const rounded = divRoundHalfUp(abs, scale);
  const unit = 10n ** BigInt(fractionDigits);
  const whole = rounded / unit;
  const frac = (rounded % unit).toString().padStart(fractionDigits, '0');
  const text = fractionDigits > 0 ? `${whole.toLocaleString('en-US')}.${frac}` : whole.toLocaleString('en-US');
  return `${negative ? '-' : ''}$${text}`;
}

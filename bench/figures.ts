/** The value at the p-th percentile of `values` (nearest rank), NaN for none: how the benches report p50, p95 and p99. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The middle of `values`; for an even count the mean of the middle two (the upper one alone would flatter two rounds). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A log line with the seconds since `started`, for the long end-to-end benches. */
export function elapsedLog(started: number): (msg: string) => void {
  return (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
}

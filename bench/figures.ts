/** The value at the p-th percentile of `values` (nearest rank), NaN for none: how the benches report p50, p95 and p99. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A log line with the seconds since `started`, for the long end-to-end benches. */
export function elapsedLog(started: number): (msg: string) => void {
  return (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
}

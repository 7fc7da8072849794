import type { SpendReport } from './spend-report';

/** Exact dollars with six decimals, so a spreadsheet's sum matches the report to the micro-dollar. */
export function microsToDecimal(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  return `${negative ? '-' : ''}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, '0')}`;
}

/** One CSV field, quoted when needed; a leading = + - @ is quoted so a spreadsheet shows it as text, not a formula. */
export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const HEADER = [
  'day',
  'feature',
  'model',
  'provider',
  'calls',
  'tokens_in',
  'tokens_out',
  'cache_write_tokens',
  'cache_read_tokens',
  'compute_ms',
  'cost_usd',
];

/**
 * One line per (day, feature, model, provider) group from the same groups the screen shows, then a TOTAL line
 * whose cost equals the report's total.
 */
export function spendCsv(report: SpendReport): string {
  const lines = [HEADER.join(',')];
  for (const g of report.groups) {
    lines.push(
      [
        g.day,
        g.feature,
        g.model,
        g.provider,
        g.calls,
        g.tokensIn,
        g.tokensOut,
        g.cacheWriteTokens,
        g.cacheReadTokens,
        g.computeMs,
        microsToDecimal(g.costMicros),
      ]
        .map((v) => csvCell(String(v)))
        .join(','),
    );
  }
  const t = report.totals;
  const sum = (f: (g: SpendReport['groups'][number]) => bigint) => report.groups.reduce((s, g) => s + f(g), 0n);
  lines.push(
    [
      'TOTAL',
      '',
      '',
      '',
      t.calls,
      t.tokensIn,
      t.tokensOut,
      sum((g) => g.cacheWriteTokens),
      sum((g) => g.cacheReadTokens),
      sum((g) => g.computeMs),
      microsToDecimal(t.costMicros),
    ]
      .map((v) => csvCell(String(v)))
      .join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}

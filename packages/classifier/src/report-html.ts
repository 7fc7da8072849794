import type { Evaluation } from './evaluation';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const W = 420;
const H = 300;
const M = 40;
const sx = (x: number) => M + x * (W - 2 * M);
const sy = (y: number) => H - M - y * (H - 2 * M);

function axes(xLabel: string, yLabel: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<text x="${M - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="10">${t}</text><text x="${sx(t)}" y="${H - M + 14}" text-anchor="middle" font-size="10">${t}</text>`,
    )
    .join('');
  return `<line x1="${M}" y1="${H - M}" x2="${W - M}" y2="${H - M}" stroke="#333"/><line x1="${M}" y1="${M}" x2="${M}" y2="${H - M}" stroke="#333"/>${ticks}
<text x="${W / 2}" y="${H - 6}" text-anchor="middle" font-size="11">${esc(xLabel)}</text>
<text x="12" y="${H / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 12 ${H / 2})">${esc(yLabel)}</text>`;
}

function reliabilitySvg(e: Evaluation): string {
  const bars = e.reliability
    .filter((b) => b.count > 0)
    .map((b) => {
      const x = sx(b.lower);
      const w = sx(b.upper) - x - 1;
      return `<rect x="${x}" y="${sy(b.accuracy)}" width="${w}" height="${sy(0) - sy(b.accuracy)}" fill="#4f7cff"><title>${pct(b.lower)}–${pct(b.upper)}: accuracy ${pct(b.accuracy)} over ${b.count}</title></rect>`;
    })
    .join('');
  return `<svg role="img" aria-label="Reliability diagram" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">${axes('confidence', 'accuracy')}${bars}
<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#d33" stroke-dasharray="4 3"/></svg>`;
}

function curveSvg(e: Evaluation): string {
  const lo = Math.min(...e.curve.map((p) => p.accuracy), 1);
  const floor = Math.max(0, Math.floor(lo * 10) / 10);
  const y = (a: number) => sy((a - floor) / Math.max(1e-9, 1 - floor));
  const path = e.curve.map((p, i) => `${i ? 'L' : 'M'}${sx(p.escalationRate).toFixed(1)},${y(p.accuracy).toFixed(1)}`).join(' ');
  const dots = e.curve
    .map(
      (p) =>
        `<circle cx="${sx(p.escalationRate)}" cy="${y(p.accuracy)}" r="3" fill="#1a9e55"><title>escalate ${pct(p.escalationRate)}: accuracy ${pct(p.accuracy)}, threshold ${p.threshold.toFixed(3)}</title></circle>`,
    )
    .join('');
  const s = e.settled;
  // The cascade's own operating point: everything under its threshold goes on to the local model.
  const marker =
    s.coverage > 0
      ? `<g data-cascade-threshold="${s.threshold.toFixed(4)}"><line x1="${sx(1 - s.coverage)}" y1="${M}" x2="${sx(1 - s.coverage)}" y2="${H - M}" stroke="#d33" stroke-dasharray="4 3"/><circle cx="${sx(1 - s.coverage)}" cy="${y(s.accuracy)}" r="5" fill="none" stroke="#d33" stroke-width="2"/><text x="${sx(1 - s.coverage) + 4}" y="${M + 10}" font-size="10" fill="#a00">cascade: confidence ≥ ${s.threshold.toFixed(3)}</text><title>The cascade settles ${pct(s.coverage)} at its threshold ${s.threshold.toFixed(3)}, ${pct(s.accuracy)} of them right</title></g>`
      : '';
  return `<svg role="img" aria-label="Coverage and accuracy curve" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">${axes('escalation rate', `accuracy kept (from ${floor})`)}<path d="${path}" fill="none" stroke="#1a9e55" stroke-width="2"/>${dots}${marker}</svg>`;
}

function f1Svg(e: Evaluation): string {
  const rows = [...e.perClass].sort((a, b) => a.f1 - b.f1);
  const rowH = 14;
  const height = rows.length * rowH + 20;
  const width = 640;
  const label = 260;
  const bars = rows
    .map(
      (r, i) =>
        `<text x="${label - 6}" y="${i * rowH + 11}" text-anchor="end" font-size="10">${esc(r.key)}</text><rect x="${label}" y="${i * rowH + 2}" width="${(r.f1 * (width - label - 50)).toFixed(1)}" height="${rowH - 3}" fill="#8a5cf6"/><text x="${label + r.f1 * (width - label - 50) + 4}" y="${i * rowH + 11}" font-size="10">${r.f1.toFixed(2)}</text>`,
    )
    .join('');
  return `<svg role="img" aria-label="F1 per class" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${bars}</svg>`;
}

function settledNote(e: Evaluation): string {
  const s = e.settled;
  const origin = s.fitted
    ? 'fitted by cross-fitting inside the training data'
    : 'the default: the training labels were too few to show the target accuracy at any threshold';
  return `<p id="cascade-threshold" data-cascade-threshold="${s.threshold.toFixed(4)}"><strong>Threshold the cascade uses now: confidence ≥ ${s.threshold.toFixed(3)}</strong> (${origin}). On this split it settles ${pct(s.coverage)} of the items, ${pct(s.accuracy)} of them right; the rest go to the local model or escalate.</p>`;
}

export function renderReportHtml(title: string, summary: Record<string, unknown>, e: Evaluation): string {
  const summaryRows = Object.entries(summary)
    .map(
      ([k, v]) =>
        `<tr><th scope="row">${esc(k)}</th><td>${esc(typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : String(v))}</td></tr>`,
    )
    .join('');
  const confusions = e.confusions.map((c) => `<tr><td>${esc(c.actual)}</td><td>${esc(c.predicted)}</td><td>${c.count}</td></tr>`).join('');
  const curveRows = e.curve
    .map((p) => `<tr><td>${pct(p.escalationRate)}</td><td>${pct(p.accuracy)}</td><td>${p.threshold.toFixed(3)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}section{display:inline-block;vertical-align:top;margin-right:2rem}</style>
</head><body><h1>${esc(title)}</h1><table>${summaryRows}</table>
<section><h2>Reliability diagram</h2>${reliabilitySvg(e)}</section>
<section><h2>Coverage / accuracy</h2>${curveSvg(e)}${settledNote(e)}<table><tr><th>escalated</th><th>accuracy kept</th><th>threshold</th></tr>${curveRows}</table></section>
<section><h2>Top confusions</h2><table><tr><th>actual</th><th>predicted</th><th>count</th></tr>${confusions}</table></section>
<h2>F1 per class</h2>${f1Svg(e)}</body></html>`;
}

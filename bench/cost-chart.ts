/** A dependency-free SVG bar chart of the per-1,000-ticket figures in bench/results/cost.json. */
export function costChart(r: {
  tickets: number;
  dataset: string;
  model: string;
  demo_model: boolean;
  cloud: string;
  local_usd_per_1k: number;
  cloud_usd_per_1k: number;
  hybrid_usd_per_1k: number;
  all_cloud_usd_per_1k: number;
  cost_ratio: number;
  counterfactual_model: string;
}): string {
  const bars = [
    { label: 'local', value: r.local_usd_per_1k, color: '#3b7d4f' },
    { label: 'cloud', value: r.cloud_usd_per_1k, color: '#c0732b' },
    { label: 'hybrid total', value: r.hybrid_usd_per_1k, color: '#2d5fa8' },
    { label: `all-cloud (${r.counterfactual_model})`, value: r.all_cloud_usd_per_1k, color: '#8a8a8a' },
  ];
  const width = 640;
  const left = 190;
  const barArea = width - left - 110;
  const top = 58;
  const step = 44;
  const max = Math.max(...bars.map((b) => b.value), 1e-9);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = bars
    .map((b, i) => {
      const y = top + i * step;
      const w = Math.max(1, (b.value / max) * barArea);
      return [
        `<text x="${left - 10}" y="${y + 19}" text-anchor="end">${esc(b.label)}</text>`,
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="28" fill="${b.color}"/>`,
        `<text x="${(left + w + 8).toFixed(1)}" y="${y + 19}">$${b.value.toFixed(4)}</text>`,
      ].join('');
    })
    .join('\n  ');
  const height = top + bars.length * step + 40;
  const note = `${r.tickets} ${r.dataset} tickets · model ${r.model}${r.demo_model ? ' (demo)' : ''} · cloud ${r.cloud} · ratio ${r.cost_ratio.toFixed(3)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-label="AI cost per 1,000 tickets">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="16" y="26" font-size="16" font-weight="600">AI cost per 1,000 tickets (USD, from the ledger)</text>
  <text x="16" y="44" fill="#555">${esc(note)}</text>
  ${rows}
  <text x="16" y="${height - 14}" fill="#555">npm run bench:cost: local + cloud = hybrid; all-cloud = one triage and one draft call per ticket at cloud rates</text>
</svg>
`;
}

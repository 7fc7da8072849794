'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SimulatorChartPoint {
  threshold: number;
  escalationRate: number;
  localAccuracy: number | null;
  monthlyCostMicros: number;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(micros < 1_000_000 ? 4 : 2)}`;

/** Escalation rate, local accuracy and monthly cloud cost across thresholds; the chosen one is marked. */
export function SimulatorChart({ series, threshold }: { series: SimulatorChartPoint[]; threshold: number }) {
  const data = series.map((p) => ({ ...p, monthlyCost: p.monthlyCostMicros / 1_000_000 }));
  return (
    <figure aria-label="Escalation rate, local accuracy and monthly cost by confidence threshold" className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="threshold" type="number" domain={[0, 1]} tickFormatter={(v: number) => v.toFixed(1)} />
          <YAxis yAxisId="rate" domain={[0, 1]} tickFormatter={pct} />
          <YAxis yAxisId="cost" orientation="right" tickFormatter={(v: number) => `$${v}`} />
          <Tooltip
            formatter={(value, name) =>
              name === 'Monthly cloud cost' ? usd(Number(value) * 1_000_000) : typeof value === 'number' ? pct(value) : String(value ?? '–')
            }
            labelFormatter={(v) => `threshold ${Number(v).toFixed(2)}`}
          />
          <Legend />
          <ReferenceLine yAxisId="rate" x={threshold} stroke="#334155" strokeDasharray="4 2" />
          <Line yAxisId="rate" dataKey="escalationRate" name="Escalation rate" stroke="#1d4ed8" dot={false} isAnimationActive={false} />
          <Line
            yAxisId="rate"
            dataKey="localAccuracy"
            name="Local accuracy"
            stroke="#15803d"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line yAxisId="cost" dataKey="monthlyCost" name="Monthly cloud cost" stroke="#b45309" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

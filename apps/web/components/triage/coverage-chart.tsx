'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface CoveragePoint {
  escalationRate: number;
  accuracy: number;
  threshold: number;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Accuracy on the tickets the classifier keeps, as more of the least confident ones are passed on. */
export function CoverageChart({ curve }: { curve: CoveragePoint[] }) {
  const low = Math.min(...curve.map((p) => p.accuracy));
  const floor = Math.max(0, Math.floor(low * 10) / 10);
  return (
    <figure aria-label="Accuracy on kept tickets by escalation rate" data-testid="coverage-chart" className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={curve} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis
            dataKey="escalationRate"
            type="number"
            domain={[0, 0.9]}
            tickFormatter={pct}
            label={{ value: 'Passed on (escalation rate)', position: 'insideBottom', offset: -8 }}
          />
          <YAxis domain={[floor, 1]} tickFormatter={pct} />
          <Tooltip
            formatter={(value) => pct(Number(value))}
            labelFormatter={(v) => {
              const point = curve.find((p) => p.escalationRate === Number(v));
              return `pass on ${pct(Number(v))}${point ? ` (confidence below ${point.threshold.toFixed(2)})` : ''}`;
            }}
          />
          <Line dataKey="accuracy" name="Accuracy kept" stroke="#15803d" strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

'use client';

import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface DailyPoint {
  day: string;
  local: number;
  cloud: number;
  allCloud: number;
}

export interface FeaturePoint {
  feature: string;
  cost: number;
}

const dollars = (v: number) => `$${v.toFixed(v < 1 ? 4 : 2)}`;
const tooltipValue = (v: unknown) => (typeof v === 'number' ? dollars(v) : String(v));

/** Daily spend stacked local/cloud, with what the same tokens would have cost all in the cloud as a line. */
export function DailySpendChart({ data, compareModel }: { data: DailyPoint[]; compareModel: string }) {
  return (
    <figure aria-labelledby="daily-spend-caption" data-testid="daily-spend-chart">
      <figcaption id="daily-spend-caption" className="sr-only">
        Daily AI spend, local and cloud, against the cost of sending every call to {compareModel}. The table below lists the same figures.
      </figcaption>
      <div className="h-72 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 12, fill: '#334155' }} />
            <YAxis tickFormatter={dollars} tick={{ fontSize: 12, fill: '#334155' }} width={72} />
            <Tooltip formatter={tooltipValue} />
            <Legend />
            <Bar dataKey="local" name="Local" stackId="spend" fill="#0f766e" isAnimationActive={false} />
            <Bar dataKey="cloud" name="Cloud" stackId="spend" fill="#6d28d9" isAnimationActive={false} />
            <Line
              dataKey="allCloud"
              name={`All on ${compareModel}`}
              type="linear"
              stroke="#b45309"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function FeatureSpendChart({ data }: { data: FeaturePoint[] }) {
  return (
    <figure aria-labelledby="feature-spend-caption" data-testid="feature-spend-chart">
      <figcaption id="feature-spend-caption" className="sr-only">
        AI spend by feature. The table beside it lists the same figures.
      </figcaption>
      <div className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis type="number" tickFormatter={dollars} tick={{ fontSize: 12, fill: '#334155' }} />
            <YAxis type="category" dataKey="feature" width={130} tick={{ fontSize: 12, fill: '#334155' }} />
            <Tooltip formatter={tooltipValue} />
            <Bar dataKey="cost" name="Spend" fill="#1d4ed8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

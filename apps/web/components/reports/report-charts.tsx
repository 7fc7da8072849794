'use client';

import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/**
 * The reports' charts. Each is a figure named by a visible title and a caption that points to the table beside it,
 * which carries the same numbers for screen readers and keyboard users.
 */
function ChartFigure({
  id,
  title,
  caption,
  testId,
  height,
  children,
}: {
  id: string;
  title: string;
  caption: string;
  testId: string;
  height: string;
  children: ReactNode;
}) {
  return (
    <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-caption`} data-testid={testId}>
      <p id={`${id}-title`} className="mb-1 text-sm font-medium text-slate-800">
        {title}
      </p>
      <div className={`${height} w-full`}>{children}</div>
      <figcaption id={`${id}-caption`} className="mt-1 text-xs text-slate-600">
        {caption}
      </figcaption>
    </figure>
  );
}

const TICK = { fontSize: 12, fill: '#334155' };

export function VolumeChart({ data, bucket }: { data: { period: string; created: number; solved: number }[]; bucket: 'day' | 'week' }) {
  return (
    <ChartFigure
      id="volume-chart"
      testId="volume-chart"
      height="h-64"
      title={`Tickets created and solved per ${bucket}`}
      caption="The table below lists the same counts."
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="period" tickFormatter={(d: string) => d.slice(5)} tick={TICK} />
          <YAxis allowDecimals={false} tick={TICK} width={40} />
          <Tooltip />
          <Legend />
          <Bar dataKey="created" name="Created" fill="#1d4ed8" isAnimationActive={false} />
          <Bar dataKey="solved" name="Solved" fill="#0f766e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

const percent = (v: unknown) => (typeof v === 'number' ? `${v}%` : String(v));

/** SLA attainment per row (an agent, a group or a category), first response and resolution side by side. */
export function AttainmentChart({
  id,
  title,
  data,
}: {
  id: string;
  title: string;
  data: { name: string; firstResponse: number | null; resolution: number | null }[];
}) {
  return (
    <ChartFigure
      id={id}
      testId={id}
      height="h-64"
      title={title}
      caption="Share of tickets that met each target; the table below lists the counts behind each share."
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis type="number" domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={TICK} />
          <YAxis type="category" dataKey="name" width={100} tick={TICK} />
          <Tooltip formatter={percent} />
          <Legend />
          <Bar dataKey="firstResponse" name="First response" fill="#1d4ed8" isAnimationActive={false} />
          <Bar dataKey="resolution" name="Resolution" fill="#b45309" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** What reviewers did with each source's drafts, stacked to the number of drafts. */
export function DraftOutcomeChart({
  data,
}: {
  data: { source: string; unchanged: number; edited: number; discarded: number; other: number }[];
}) {
  return (
    <ChartFigure
      id="draft-outcome-chart"
      testId="draft-outcome-chart"
      height="h-56"
      title="Draft outcomes by source"
      caption="Sent unchanged, sent after editing, discarded, or not reviewed / failed; the table below lists the counts and edit distances."
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tick={TICK} />
          <YAxis type="category" dataKey="source" width={100} tick={TICK} />
          <Tooltip />
          <Legend />
          <Bar dataKey="unchanged" name="Sent unchanged" stackId="d" fill="#0f766e" isAnimationActive={false} />
          <Bar dataKey="edited" name="Sent after editing" stackId="d" fill="#1d4ed8" isAnimationActive={false} />
          <Bar dataKey="discarded" name="Discarded" stackId="d" fill="#b91c1c" isAnimationActive={false} />
          <Bar dataKey="other" name="Not reviewed / failed" stackId="d" fill="#64748b" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

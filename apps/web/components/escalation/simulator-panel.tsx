'use client';

import type { SimulationView } from '@/app/(app)/admin/escalation/simulation-view';
import { SimulatorChart } from './simulator-chart';

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(micros < 1_000_000 ? 4 : 2)}`;

export function SimulatorPanel({ simulation, pending }: { simulation: SimulationView; pending: boolean }) {
  const s = simulation;
  return (
    <div aria-busy={pending}>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="simulation">
        <div>
          <dt className="text-slate-600">Would escalate</dt>
          <dd className="text-lg font-semibold" data-testid="sim-rate">
            {pct(s.escalationRate)}
          </dd>
          <dd className="text-xs text-slate-600">
            {s.escalated} of {s.sampleSize} recent tickets ({s.tiers.medium} medium, {s.tiers.complex} complex)
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Expected monthly cloud cost</dt>
          <dd className="text-lg font-semibold" data-testid="sim-cost">
            {usd(s.expectedMonthlyCostMicros)}
          </dd>
          <dd className="text-xs text-slate-600">
            {s.monthlyTicketVolume} tickets/month; {s.avgTokens.in} in / {s.avgTokens.out} out tokens per draft ({s.avgTokens.source})
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Accuracy of what stays local</dt>
          <dd className="text-lg font-semibold" data-testid="sim-accuracy">
            {pct(s.localAccuracy)}
          </dd>
          <dd className="text-xs text-slate-600">from {s.accuracySource}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Cost per escalated draft</dt>
          <dd className="text-lg font-semibold">{usd(s.costPerDraftMicros.medium)}</dd>
          <dd className="text-xs text-slate-600">complex tier {usd(s.costPerDraftMicros.complex)}</dd>
        </div>
      </dl>
      <div className="mt-4">
        <SimulatorChart series={s.series} threshold={s.threshold} />
      </div>
    </div>
  );
}

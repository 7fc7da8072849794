import type { Simulation, SimulationPoint } from '@helpdesk/escalation';

/** A Simulation with micro-dollars as numbers, so it can cross to the browser. */
export type SimulationView = Omit<Simulation, 'expectedMonthlyCostMicros' | 'costPerDraftMicros' | 'series'> & {
  expectedMonthlyCostMicros: number;
  costPerDraftMicros: { medium: number; complex: number };
  series: (Omit<SimulationPoint, 'monthlyCostMicros'> & { monthlyCostMicros: number })[];
};

export function toSimulationView(s: Simulation): SimulationView {
  return {
    ...s,
    expectedMonthlyCostMicros: Number(s.expectedMonthlyCostMicros),
    costPerDraftMicros: { medium: Number(s.costPerDraftMicros.medium), complex: Number(s.costPerDraftMicros.complex) },
    series: s.series.map((p) => ({ ...p, monthlyCostMicros: Number(p.monthlyCostMicros) })),
  };
}

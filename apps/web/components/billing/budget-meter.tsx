import { formatMicros, type BudgetStatus } from '@helpdesk/billing';
import { TitledCard } from '@/components/ui/card';

/** This month's cloud budget: spent plus held reservations against the limit. */
export function BudgetMeter({ budget }: { budget: BudgetStatus }) {
  const used = Math.min(100, budget.usedPercent);
  const tone = budget.usedPercent >= 100 ? 'bg-red-700' : budget.usedPercent >= 80 ? 'bg-amber-600' : 'bg-teal-700';
  return (
    <TitledCard title={`Cloud budget, ${budget.period}`} contentClassName="space-y-2">
      <div
        role="progressbar"
        aria-label={`Cloud budget used in ${budget.period}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(used)}
        aria-valuetext={`${budget.usedPercent}% of ${formatMicros(budget.limitMicros)}`}
        className="h-3 w-full overflow-hidden rounded bg-slate-200"
      >
        <div className={`h-full ${tone}`} style={{ width: `${used}%` }} />
      </div>
      <p className="text-sm text-slate-700" data-testid="budget-usage">
        {formatMicros(budget.spentMicros)} spent
        {budget.reservedMicros > 0n ? ` + ${formatMicros(budget.reservedMicros)} reserved` : ''} of {formatMicros(budget.limitMicros)} (
        {budget.usedPercent}%)
      </p>
      {budget.hasBudgetRow ? null : (
        <p className="text-xs text-slate-600">No budget reservation yet this month; spend is from the usage ledger.</p>
      )}
    </TitledCard>
  );
}

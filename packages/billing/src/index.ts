export { recordUsage, estimateMaxCost, usageInputSchema, type UsageInput, type MaxCostQuery } from './usage-ledger';
export { findPrice, LOCAL_FALLBACK_MODEL, type PriceQuery } from './price-lookup';
export { estimateCloudTokens } from './cloud-tokens';
export {
  priceTokens,
  priceCompute,
  priceCall,
  divRoundHalfUp,
  divCeil,
  formatMicros,
  MICROS_PER_DOLLAR,
  type PriceRates,
  type TokenCounts,
} from './pricing';
export { rollupUsage, startOfUtcDay, DAY_MS_UTC, type RollupOptions, type RollupResult } from './rollups';
export { ticketTrace, isDemoUsage, DEMO_USAGE_KEY_PREFIX, type TicketTrace } from './ticket-trace';
export { parseDayRange, parseMonth, formatDay, lastInclusiveDay, type DateRange } from './date-range';
export { usageGroups, ledgerSplit, type UsageGroup, type UsageSource } from './usage-source';
export {
  spendReport,
  isoWeek,
  type SpendReport,
  type SpendReportOptions,
  type DaySpend,
  type PeriodSpend,
  type FeatureSpend,
  type ModelSpend,
} from './spend-report';
export { cloudModels, counterfactualByDay, counterfactualCalls, savingsPercent, DEFAULT_COUNTERFACTUAL_MODEL } from './counterfactual';
export { ticketCosts, type TicketCost, type TicketCostReport } from './ticket-costs';
export { spendCsv, microsToDecimal, csvCell } from './csv-export';
export { budgetStatus, budgetUseByTenant, utcPeriod, type BudgetStatus, type TenantBudgetUse } from './budget-status';
export { platformSpend, type TenantSpend } from './platform-spend';
export { parseDollars } from './money';
export {
  listPrices,
  addPrice,
  setLocalComputePrice,
  localComputePrice,
  priceInputSchema,
  type PriceRow,
  type PriceInput,
  type PriceEditor,
  type PriceScope,
  type PriceStatus,
} from './price-admin';

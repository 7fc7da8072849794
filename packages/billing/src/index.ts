export { recordUsage, estimateMaxCost, usageInputSchema, type UsageInput, type MaxCostQuery } from './usage-ledger';
export { findPrice, type PriceQuery } from './price-lookup';
export { priceTokens, priceCompute, priceCall, divRoundHalfUp, divCeil, formatMicros, MICROS_PER_DOLLAR, type PriceRates, type TokenCounts } from './pricing';
export { rollupUsage, startOfUtcDay, type RollupOptions, type RollupResult } from './rollups';
export { ticketTrace, type TicketTrace } from './ticket-trace';

/**
 * A line without a currency and without a cost adds nothing to any total (ingest refuses a cost
 * without its currency), so per-currency totals leave it out instead of showing a group of zeros.
 */
export const ADDS_TO_A_TOTAL = `(BillingCurrency IS NOT NULL OR coalesce(EffectiveCost, 0) <> 0 OR coalesce(BilledCost, 0) <> 0)`;

/** How text output labels the lines of a warehouse loaded before costs had to carry a currency. */
export const NO_CURRENCY_LABEL = '(no currency)';

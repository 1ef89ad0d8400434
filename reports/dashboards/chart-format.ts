/** Axis formats and words shared by the chart builders. */

export const NO_CURRENCY = 'no currency';

/** How a chart names its currency: the ISO code, or plain words for lines loaded without one. */
export const currencyName = (currency: string | null) => currency ?? NO_CURRENCY;

/** A safe id suffix for a currency: `USD`, or `none`. */
export const currencySlug = (currency: string | null) => currency ?? 'none';

/** Thousands separators, at most two decimals: 1,234.5 */
export const AMOUNT_FORMAT = ',.2~f';

export const amount = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "USD 1,234.50" in prose. */
export const inCurrency = (n: number, currency: string | null) => `${amount(n)} ${currencyName(currency)}`;

export const SEVERITIES = ['minor', 'major', 'critical'] as const;

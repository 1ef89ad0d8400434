import { monthlyFromHourly, roundCents, type CatalogEntry } from '../core/index.js';

export interface PurchaseOption {
  id: string;
  sku: string;
  purchase: 'on-demand' | 'spot' | 'commitment-1y' | 'commitment-3y';
  monthlyUsd: number;
  /** How the number was obtained, so a reader can tell a quote from an estimate. */
  basis: string;
  caveat: string;
}

/** Prices for the ways to buy one size: on-demand, spot and commitments. */
export interface PurchaseOptionsSource {
  options(entry: CatalogEntry): Promise<PurchaseOption[]>;
}

/**
 * Without a pricing API: the catalog's on-demand list price and typical ratios for spot and
 * no-upfront commitments. Labeled as estimates in `basis`; a provider pricing API replaces it.
 */
export const TYPICAL_DISCOUNT_RATIOS = { spot: 0.35, 'commitment-1y': 0.72, 'commitment-3y': 0.5 } as const;

export function listPriceRatioOptions(ratios: Record<keyof typeof TYPICAL_DISCOUNT_RATIOS, number> = TYPICAL_DISCOUNT_RATIOS): PurchaseOptionsSource {
  return {
    async options(entry) {
      const onDemand = monthlyFromHourly(entry.hourlyUsd);
      const option = (purchase: PurchaseOption['purchase'], ratio: number, basis: string, caveat: string): PurchaseOption => ({
        id: `${entry.sku}:${purchase}`,
        sku: entry.sku,
        purchase,
        monthlyUsd: roundCents(onDemand * ratio),
        basis,
        caveat,
      });
      return [
        option('on-demand', 1, `catalog list price ${entry.catalogDate}`, 'no commitment'),
        option('spot', ratios.spot, `estimate: ${ratios.spot} x list price`, 'can be interrupted at two minutes notice'),
        option(
          'commitment-1y',
          ratios['commitment-1y'],
          `estimate: ${ratios['commitment-1y']} x list price, no upfront`,
          'pays for 1 year whether used or not',
        ),
        option(
          'commitment-3y',
          ratios['commitment-3y'],
          `estimate: ${ratios['commitment-3y']} x list price, no upfront`,
          'pays for 3 years whether used or not',
        ),
      ];
    },
  };
}

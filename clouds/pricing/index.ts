export { awsCatalog } from './aws-catalog.js';
export { AwsPriceList, type AwsPriceListOptions, type CachedRegionPrices } from './aws-price-list.js';
export { awsCatalogFor, NoPricesForRegion } from './aws-regional-catalog.js';
export { azureCatalog } from './azure-catalog.js';
export { gcpCatalog } from './gcp-catalog.js';
export { AzureRetailPrices, AZURE_RETAIL_PRICES_ENDPOINT, type AzureRetailPricesOptions, type CachedAzureRegionPrices } from './azure-retail-prices.js';
export { azureCatalogFor, bundledAzureRegions } from './azure-regional-catalog.js';
export {
  GcpBillingCatalog,
  CLOUD_BILLING_ENDPOINT,
  COMPUTE_ENGINE_SERVICE,
  seriesRateOf,
  type CachedGceRegionRates,
  type GcpBillingCatalogOptions,
  type RequestSigner,
} from './gcp-billing-catalog.js';
export { gcpCatalogFor } from './gcp-regional-catalog.js';

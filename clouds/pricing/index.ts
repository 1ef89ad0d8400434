export { awsCatalog } from './aws-catalog.js';
export { AwsPriceList, type AwsPriceListOptions, type CachedRegionPrices } from './aws-price-list.js';
export { awsCatalogFor, NoPricesForRegion } from './aws-regional-catalog.js';
export { azureCatalog } from './azure-catalog.js';
export { gcpCatalog } from './gcp-catalog.js';

export { awsCatalog } from './aws-catalog.js';
export { azureCatalog } from './azure-catalog.js';
export { gcpCatalog } from './gcp-catalog.js';

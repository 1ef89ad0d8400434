export { awsCatalog } from './aws-catalog.js';
export { azureCatalog } from './azure-catalog.js';
export { gcpCatalog, GCP_CATALOG_DATE } from './gcp-catalog.js';
export { gceMachineShape } from './gce-machine-type.js';

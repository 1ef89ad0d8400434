export { GcpCloud, type GcpCloudOptions } from './gcp-cloud.js';
export { GcpOperationError } from './errors.js';
export { StaticTokenAuth } from './static-token-auth.js';
export { billingCatalogAuth } from './billing-auth.js';

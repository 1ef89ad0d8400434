export { AzureCloud, type AzureCloudOptions } from './azure-cloud.js';
export { AzureOperationError } from './errors.js';
export { StaticTokenCredential } from './static-token-credential.js';
export { defaultAzureCredential } from './default-credential.js';

import { join } from 'node:path';
import type { BillingSourceReader } from '../core/index.js';
import { azureBlobBillingSource } from '../clouds/billing/azure-blob-billing-source.js';
import { gcsBillingSource } from '../clouds/billing/gcs-billing-source.js';
import { s3BillingSource } from '../clouds/billing/s3-billing-source.js';
import { defaultAzureCredential } from '../clouds/azure/default-credential.js';
import { bigQueryExtractSource, folderBillingSource } from '../ingest/landing/folder-sources.js';
import type { BillingConfig, BillingSourceConfig } from './billing-schema.js';
import type { RuntimeConfig } from './config.js';

/** What a worker or `tollgate billing poll` needs to land billing data. */
export interface LandingSettings {
  readers: BillingSourceReader[];
  pollInterval: string;
  warehousePath: string;
  cacheDir: string;
}

/** One configured source → its reader. Errors name the source (a missing environment variable, say). */
export function billingSourceReader(source: BillingSourceConfig, env: NodeJS.ProcessEnv = process.env): BillingSourceReader {
  switch (source.kind) {
    case 'folder':
      return folderBillingSource({ name: source.name, path: source.path, format: source.format });
    case 'bigquery-extract':
      return bigQueryExtractSource({ name: source.name, path: source.path });
    case 's3':
      return s3BillingSource({
        name: source.name,
        bucket: source.bucket,
        prefix: source.prefix,
        region: source.region,
        forcePathStyle: source.forcePathStyle,
        ...(source.endpoint ? { endpoint: source.endpoint } : {}),
        ...(source.profile ? { profile: source.profile } : {}),
        ...(source.roleArn ? { roleArn: source.roleArn } : {}),
        ...(source.externalId ? { externalId: source.externalId } : {}),
      });
    case 'gcs':
      // Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, the metadata server): nothing secret in tollgate.yaml.
      return gcsBillingSource({
        name: source.name,
        bucket: source.bucket,
        prefix: source.prefix,
        ...(source.apiEndpoint ? { apiEndpoint: source.apiEndpoint } : {}),
      });
    case 'azure-blob': {
      if (source.connectionStringEnv) {
        const connectionString = env[source.connectionStringEnv];
        if (!connectionString)
          throw new Error(`billing source ${source.name}: $${source.connectionStringEnv} is not set (it holds the container's connection string)`);
        return azureBlobBillingSource({ name: source.name, container: source.container, prefix: source.prefix, access: { connectionString } });
      }
      return azureBlobBillingSource({
        name: source.name,
        container: source.container,
        prefix: source.prefix,
        access: { accountUrl: source.accountUrl!, credential: defaultAzureCredential({}) },
      });
    }
  }
}

/** The landing settings of this installation: tollgate.yaml's billing sources, the warehouse the rest of Tollgate reads. */
export function landingSettings(config: RuntimeConfig, billing: BillingConfig | undefined, env: NodeJS.ProcessEnv = process.env): LandingSettings {
  return {
    readers: (billing?.sources ?? []).map((s) => readerOrProblem(s, env)),
    pollInterval: billing?.pollInterval ?? '15m',
    warehousePath: env.TOLLGATE_DB ?? join(config.home, 'warehouse.duckdb'),
    cacheDir: join(config.home, 'landing'),
  };
}

/** A source that cannot even be set up (a missing variable) fails at each poll with its reason; the others still land. */
function readerOrProblem(source: BillingSourceConfig, env: NodeJS.ProcessEnv): BillingSourceReader {
  try {
    return billingSourceReader(source, env);
  } catch (error) {
    const fail = () => Promise.reject(error as Error);
    return { name: source.name, kind: source.kind, location: source.name, listUnits: fail, download: fail };
  }
}

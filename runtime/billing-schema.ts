import { z } from 'zod';

/**
 * `billing:` in tollgate.yaml — where billing exports land and how often to look (docs/billing-landing.md).
 * Names and locations only: credentials come from each SDK's default chain, or (for a connection
 * string) from an environment variable this file names.
 */

const NameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lowercase letters, digits, - and _ (it names the source in the ledger and the audit log)')
  .describe('a short name for the source: it keys the ledger of landed files and appears in the audit log');

const FormatSchema = z
  .enum(['auto', 'focus', 'aws-cur', 'aws-cur2', 'azure', 'gcp'])
  .default('auto')
  .describe('the layout of its files (default: sniffed from each header)');

export const FolderSourceSchema = z
  .strictObject({
    kind: z.literal('folder').describe('folder | s3 | azure-blob | bigquery-extract | gcs'),
    name: NameSchema,
    path: z.string().min(1).describe('folder, bigquery-extract: the folder watched, recursively, for billing files (csv, csv.gz, parquet, jsonl)'),
    format: FormatSchema,
  })
  .describe('a local or mounted folder');

export const S3SourceSchema = z
  .strictObject({
    kind: z.literal('s3'),
    name: NameSchema,
    bucket: z.string().min(3).describe('s3: the bucket AWS delivers the CUR or Data Export to; gcs: the bucket `bq extract` writes to'),
    prefix: z
      .string()
      .default('')
      .describe(
        's3, azure-blob, gcs: the delivery prefix or export directory; the manifests under it (s3, azure-blob) or the invoice month in the names (gcs) decide what lands',
      ),
    region: z.string().min(1).default('us-east-1').describe("s3: the bucket's region"),
    endpoint: z.url().optional().describe('s3: an S3 endpoint override (a VPC endpoint, a moto server in tests)'),
    forcePathStyle: z.boolean().default(false).describe('s3: path-style addressing (moto, MinIO)'),
    profile: z.string().min(1).optional().describe('s3: a profile in ~/.aws/config (default: the SDK default chain)'),
    roleArn: z
      .string()
      .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, 'expected arn:aws:iam::<12-digit account>:role/<name>')
      .optional()
      .describe('s3: a role to assume for reading the bucket (e.g. in the payer account)'),
    externalId: z.string().min(1).optional().describe("s3: the role's sts:ExternalId"),
  })
  .describe('an S3 bucket/prefix with a legacy CUR or a Data Export (CUR 2.0, FOCUS)');

export const AzureBlobSourceSchema = z
  .strictObject({
    kind: z.literal('azure-blob'),
    name: NameSchema,
    accountUrl: z.url().optional().describe('azure-blob: https://<account>.blob.core.windows.net, signed in with DefaultAzureCredential'),
    connectionStringEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name')
      .optional()
      .describe('azure-blob: the environment variable holding a connection string (a SAS, Azurite); the string itself never goes in this file'),
    container: z.string().min(3).describe('azure-blob: the container Cost Management exports to'),
    prefix: z.string().default('').describe("azure-blob: the export's directory in the container"),
  })
  .refine((s) => Boolean(s.accountUrl) !== Boolean(s.connectionStringEnv), 'name exactly one of accountUrl or connectionStringEnv')
  .describe('an Azure Blob container of Cost Management exports');

export const BigQueryExtractSourceSchema = z
  .strictObject({
    kind: z.literal('bigquery-extract'),
    name: NameSchema,
    path: z
      .string()
      .min(1)
      .describe('bigquery-extract: `bq extract` files of the GCP billing export; shards of one invoice month (202611 in the name) land together'),
  })
  .describe('a folder of BigQuery billing-export extracts (GCP)');

export const GcsSourceSchema = z
  .strictObject({
    kind: z.literal('gcs'),
    name: NameSchema,
    bucket: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'expected a GCS bucket name (lowercase letters, digits, -, _ and .), without gs://'),
    prefix: z.string().default(''),
    apiEndpoint: z
      .url()
      .optional()
      .describe('gcs: a Cloud Storage endpoint override (Private Service Connect, an emulator in tests); Application Default Credentials are sent to it too'),
  })
  .describe('a GCS bucket/prefix of BigQuery billing-export extracts (GCP); read with Application Default Credentials');

export const BillingSourceSchema = z.discriminatedUnion('kind', [
  FolderSourceSchema,
  S3SourceSchema,
  AzureBlobSourceSchema,
  BigQueryExtractSourceSchema,
  GcsSourceSchema,
]);

export const BillingSchema = z
  .strictObject({
    pollInterval: z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*[smhd]\s*$/, 'expected a number and a unit s, m, h or d (e.g. 15m)')
      .default('15m')
      .describe('how often the billing landing poll Schedule looks at every source (AWS refreshes a CUR up to three times a day)'),
    sources: z
      .array(BillingSourceSchema)
      .default([])
      .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'each source needs a name of its own')
      .describe('where billing exports land'),
  })
  .describe('billing data that lands by itself: `tollgate billing poll`, and the billing landing poll Schedule');

export type BillingConfig = z.infer<typeof BillingSchema>;
export type BillingSourceConfig = z.infer<typeof BillingSourceSchema>;

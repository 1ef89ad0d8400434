import { z } from 'zod';
import { BillingSchema } from './billing-schema.js';

/**
 * tollgate.yaml: which clouds and scopes this installation reads and may change. It names
 * identities (profiles, role ARNs, client ids), never secrets: credentials come from each SDK's
 * default chain where the worker runs. docs/clouds.md documents every field (a test checks it).
 */

/** What Tollgate may do in a scope: change it (after approvals), only read it, or never touch it. */
export const AccessSchema = z
  .enum(['read-write', 'read-only', 'excluded'])
  .default('read-write')
  .describe('read-write: findings and approved changes; read-only: findings, never a change; excluded: never read nor touched');

/** How one worker reaches an AWS account: a named profile, or a role to assume from the default chain. */
export const AwsIdentitySchema = z
  .strictObject({
    profile: z.string().min(1).optional().describe('a profile in ~/.aws/config (SSO, credential_process, role chains all work)'),
    roleArn: z
      .string()
      .regex(
        /^arn:aws(-cn|-us-gov|-iso|-iso-[bef]|-eusc)?:iam::\d{12}:role\/.+$/,
        'expected arn:aws:iam::<12-digit account>:role/<name> (arn:aws-cn:… in China, arn:aws-us-gov:… in GovCloud)',
      )
      .optional()
      .describe('a role to assume with STS from the default chain (or from profile, when both are set)'),
    externalId: z.string().min(1).optional().describe("the role's sts:ExternalId condition, if its trust policy has one"),
    sessionName: z.string().min(2).max(64).optional().describe('RoleSessionName shown in CloudTrail (default tollgate-analysis / tollgate-actions)'),
    stsEndpoint: z
      .url()
      .optional()
      .describe("STS endpoint for AssumeRole and GetCallerIdentity: a regional or VPC endpoint (default: aws.endpoint, else the SDK's)"),
  })
  .describe('how one worker signs in to an account; omit for the default chain as is');

export const AwsAccountSchema = z.strictObject({
  id: z
    .string()
    .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
    .describe('the 12-digit account id: reported on every finding, and checked against what the credentials reach'),
  name: z.string().optional().describe('a label for messages (default: the id)'),
  regions: z.array(z.string().min(1)).min(1).optional().describe("this account's regions (default: aws.regions)"),
  access: AccessSchema,
  analysis: AwsIdentitySchema.optional().describe("the analysis worker's read-only identity in this account"),
  actions: AwsIdentitySchema.optional().describe("the actions worker's write identity in this account"),
});

export const AwsOrganizationsSchema = z.strictObject({
  analysisRoleName: z.string().min(1).describe('role assumed in each member account by the analysis worker (arn:aws:iam::<member>:role/<name>)'),
  actionsRoleName: z.string().min(1).optional().describe('role assumed by the actions worker; absent: discovered accounts are read-only'),
  externalId: z.string().min(1).optional().describe('sts:ExternalId for both roles'),
  exclude: z
    .array(z.string().regex(/^\d{12}$/))
    .default([])
    .describe('member account ids never read nor touched'),
  readOnly: z
    .array(z.string().regex(/^\d{12}$/))
    .default([])
    .describe('member account ids read but never changed'),
});

export const AwsPriceListSchema = z
  .strictObject({
    endpoint: z.url().optional().describe('Price List Query API endpoint (default: AWS us-east-1); a loopback server in tests'),
    maxAgeDays: z.number().int().positive().default(7).describe('a region fetched longer ago than this is fetched again'),
  })
  .describe("EC2 list prices from pricing:GetProducts, cached per region under TOLLGATE_HOME/prices/aws with the catalog's date");

export const AwsSchema = z
  .strictObject({
    regions: z.array(z.string().min(1)).min(1).describe('regions read in every account that does not list its own'),
    endpoint: z.url().optional().describe('one endpoint for EC2, CloudWatch, STS and Organizations: a moto server, a VPC endpoint proxy'),
    accounts: z.array(AwsAccountSchema).default([]).describe('accounts named one by one'),
    organizations: AwsOrganizationsSchema.optional().describe('discover the ACTIVE member accounts of the organization the default credentials belong to'),
    priceList: AwsPriceListSchema.optional().describe(
      'price regions the bundled catalog lacks (it has us-east-1) from the AWS Price List API; without it such a region is skipped',
    ),
  })
  .describe('AWS: accounts × regions; credentials from the SDK default chain');

export const AzureSubscriptionSchema = z.strictObject({
  id: z.guid().describe('the subscription id'),
  name: z.string().optional().describe('a label for messages (default: the id)'),
  access: AccessSchema,
});

export const AzureIdentitySchema = z
  .strictObject({
    clientId: z.string().min(1).describe('the managed or workload identity client id DefaultAzureCredential signs in as'),
  })
  .describe("one worker's identity; omit for DefaultAzureCredential as the environment configures it");

export const AzureRetailPricesSchema = z
  .strictObject({
    endpoint: z.url().optional().describe('Retail Prices API endpoint (default: https://prices.azure.com/api/retail/prices); a loopback server in tests'),
    maxAgeDays: z.number().int().positive().default(7).describe('a region fetched longer ago than this is fetched again'),
  })
  .describe("VM list prices from the public Azure Retail Prices API (no sign-in), cached per region under TOLLGATE_HOME/prices/azure with the catalog's date");

export const AzureSchema = z
  .strictObject({
    tenantId: z.guid().optional().describe('the Microsoft Entra tenant (DefaultAzureCredential otherwise reads AZURE_TENANT_ID)'),
    subscriptions: z.array(AzureSubscriptionSchema).min(1).describe('subscriptions to read'),
    endpoint: z.url().optional().describe('ARM endpoint: https://management.usgovcloudapi.net, https://management.chinacloudapi.cn, or a loopback server'),
    authorityHost: z.url().optional().describe('Entra authority for a sovereign cloud, e.g. https://login.microsoftonline.us'),
    tlsCaFile: z.string().optional().describe('extra CA certificate (PEM file) to trust for the endpoint'),
    staticToken: z
      .boolean()
      .default(false)
      .describe('test servers only: send $TOLLGATE_AZURE_STATIC_TOKEN as the bearer token instead of DefaultAzureCredential'),
    analysis: AzureIdentitySchema.optional(),
    actions: AzureIdentitySchema.optional(),
    retailPrices: AzureRetailPricesSchema.optional().describe(
      'price regions the bundled catalog lacks (it has eastus, westus2, westeurope) from the Azure Retail Prices API; without it a subscription with VMs elsewhere is skipped',
    ),
  })
  .describe('Azure: subscriptions of one tenant; credentials from DefaultAzureCredential');

export const GcpProjectSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a GCP project id (6-30 lowercase letters, digits, hyphens)')
    .describe('the project id'),
  zones: z.array(z.string().min(1)).optional().describe('only these zones (default: every zone the project has instances in)'),
  access: AccessSchema,
});

export const GcpBillingCatalogSchema = z
  .strictObject({
    endpoint: z.url().optional().describe('Cloud Billing Catalog API root (default: https://cloudbilling.googleapis.com); a loopback server in tests'),
    maxAgeDays: z.number().int().positive().default(7).describe('a region fetched longer ago than this is fetched again'),
  })
  .describe(
    "GCE on-demand vCPU and memory rates per region from the Cloud Billing Catalog API (readable by any authenticated principal), cached per region under TOLLGATE_HOME/prices/gcp with the catalog's date",
  );

export const GcpSchema = z
  .strictObject({
    projects: z.array(GcpProjectSchema).min(1).describe('projects to read'),
    endpoint: z.url().optional().describe('Compute and Monitoring REST endpoint, e.g. a private.googleapis.com address or a loopback server'),
    staticToken: z.boolean().default(false).describe('test servers only: send $TOLLGATE_GCP_STATIC_TOKEN instead of Application Default Credentials'),
    billingCatalog: GcpBillingCatalogSchema.optional().describe(
      'price regions other than us-central1 (the bundled catalog) from the Cloud Billing Catalog API; without it a project with instances elsewhere is skipped',
    ),
  })
  .describe('GCP: projects (and zones); credentials from Application Default Credentials');

export const SandboxSchema = z.strictObject({
  estate: z.string().optional().describe('the estate JSON (default: $TOLLGATE_ESTATE, else the bundled sample estate)'),
});

export const ConsoleSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'expected the http(s) address people open the console at, e.g. https://tollgate.example.com' })
      .optional()
      .describe("the console's address as people open it (behind any proxy); the weekly Slack summary links to <url>/reports/weekly"),
  })
  .describe('the web console (`tollgate serve`)');

export const DeploymentConfigSchema = z
  .strictObject({
    console: ConsoleSchema.optional(),
    clouds: z
      .strictObject({
        sandbox: SandboxSchema.optional().describe('the bundled sample estate (the demo)'),
        aws: AwsSchema.optional(),
        azure: AzureSchema.optional(),
        gcp: GcpSchema.optional(),
      })
      .refine((c) => c.sandbox || c.aws || c.azure || c.gcp, 'name at least one cloud: sandbox, aws, azure or gcp')
      .describe('the clouds to read; each is optional, at least one is named'),
    billing: BillingSchema.optional(),
  })
  .describe('tollgate.yaml');

export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>;
export type Access = z.infer<typeof AccessSchema>;
export type AwsIdentity = z.infer<typeof AwsIdentitySchema>;
export type AwsConfig = z.infer<typeof AwsSchema>;
export type AzureConfig = z.infer<typeof AzureSchema>;
export type GcpConfig = z.infer<typeof GcpSchema>;

/** No file: the sandbox alone, as the demo has always run. */
export const SANDBOX_ONLY: DeploymentConfig = { clouds: { sandbox: {} } };

import { toolkitServices, type ServiceClass } from './finops-toolkit.js';
import { caseOf, sqlString } from './focus-select.js';
import { FOCUS_SUBCATEGORIES, isFocusSubcategory } from './focus-service-subcategories.js';

/**
 * FOCUS ServiceCategory and ServiceSubcategory for the services seen most often, by provider
 * service code or name. Anything else is `Other` / `Other (Other)`: a wrong category is worse than
 * an honest one.
 */
export const CLASS_BY_SERVICE: Readonly<Record<string, readonly [category: string, subcategory: string]>> = {
  AmazonEC2: ['Compute', 'Virtual Machines'],
  AWSLambda: ['Compute', 'Serverless Compute'],
  AmazonECS: ['Compute', 'Containers'],
  AmazonEKS: ['Compute', 'Containers'],
  AmazonS3: ['Storage', 'Object Storage'],
  AmazonEFS: ['Storage', 'File Storage'],
  AmazonGlacier: ['Storage', 'Backup Storage'],
  AmazonRDS: ['Databases', 'Relational Databases'],
  AmazonDynamoDB: ['Databases', 'NoSQL Databases'],
  AmazonElastiCache: ['Databases', 'Caching'],
  AmazonRedshift: ['Databases', 'Data Warehouses'],
  AmazonAthena: ['Analytics', 'Data Processing'],
  AmazonKinesis: ['Analytics', 'Streaming Analytics'],
  AmazonCloudWatch: ['Management and Governance', 'Observability'],
  AWSCloudTrail: ['Management and Governance', 'Observability'],
  AWSConfig: ['Management and Governance', 'Compliance'],
  AmazonVPC: ['Networking', 'Network Infrastructure'],
  AmazonCloudFront: ['Networking', 'Content Delivery'],
  AmazonRoute53: ['Networking', 'Network Routing'],
  AWSDataTransfer: ['Networking', 'Network Connectivity'],
  AWSELB: ['Networking', 'Network Infrastructure'],
  AWSQueueService: ['Integration', 'Messaging'],
  AmazonSNS: ['Integration', 'Messaging'],
  AWSKMS: ['Security', 'Secret Management'],
  awskms: ['Security', 'Secret Management'],
  AWSSecretsManager: ['Security', 'Secret Management'],
  'Virtual Machines': ['Compute', 'Virtual Machines'],
  'Virtual Machines Licenses': ['Compute', 'Virtual Machines'],
  'Azure App Service': ['Compute', 'Other (Compute)'],
  Functions: ['Compute', 'Serverless Compute'],
  Storage: ['Storage', 'Other (Storage)'],
  'SQL Database': ['Databases', 'Relational Databases'],
  'Azure Cosmos DB': ['Databases', 'NoSQL Databases'],
  'Virtual Network': ['Networking', 'Network Infrastructure'],
  Bandwidth: ['Networking', 'Network Connectivity'],
  'Load Balancer': ['Networking', 'Network Infrastructure'],
  'Event Hubs': ['Integration', 'Messaging'],
  'Service Bus': ['Integration', 'Messaging'],
  'Advanced Data Security': ['Security', 'Security Posture Management'],
  'Microsoft Defender for Cloud': ['Security', 'Security Posture Management'],
  'Log Analytics': ['Management and Governance', 'Observability'],
  'Azure Monitor': ['Management and Governance', 'Observability'],
  'Compute Engine': ['Compute', 'Virtual Machines'],
  'Kubernetes Engine': ['Compute', 'Containers'],
  'Cloud Run': ['Compute', 'Serverless Compute'],
  'Cloud Functions': ['Compute', 'Serverless Compute'],
  'Cloud Storage': ['Storage', 'Object Storage'],
  'Cloud SQL': ['Databases', 'Relational Databases'],
  BigQuery: ['Databases', 'Data Warehouses'],
  Networking: ['Networking', 'Network Infrastructure'],
  'Cloud Logging': ['Management and Governance', 'Observability'],
  'Cloud Monitoring': ['Management and Governance', 'Observability'],
  'Security Command Center': ['Security', 'Security Posture Management'],
  'Cloud Pub/Sub': ['Integration', 'Messaging'],
};

/** Azure's services from the FinOps toolkit, where the toolkit's pair is one FOCUS 1.2 allows; the hand list wins. */
function azureClasses(): Map<string, ServiceClass> {
  const classes = new Map<string, ServiceClass>();
  for (const [name, c] of toolkitServices()) {
    const subcategory = isFocusSubcategory(c.category, c.subcategory) ? c.subcategory : `Other (${c.category})`;
    if (FOCUS_SUBCATEGORIES[c.category]) classes.set(name, { category: c.category, subcategory });
  }
  for (const [name, [category, subcategory]] of Object.entries(CLASS_BY_SERVICE)) classes.set(name, { category, subcategory });
  return classes;
}

function handClasses(): Map<string, ServiceClass> {
  return new Map(Object.entries(CLASS_BY_SERVICE).map(([name, [category, subcategory]]) => [name, { category, subcategory }]));
}

let azure: Map<string, ServiceClass> | undefined;

/** Which lookup: the hand list alone, or with the FinOps toolkit's Azure services (400 names: only where it applies). */
export type ServiceLookup = 'hand' | 'azure';

function classes(lookup: ServiceLookup): Map<string, ServiceClass> {
  if (lookup === 'hand') return handClasses();
  azure ??= azureClasses();
  return azure;
}

export function serviceCategorySql(serviceExpr: string, lookup: ServiceLookup = 'hand'): string {
  const table = Object.fromEntries([...classes(lookup)].map(([k, v]) => [k, sqlString(v.category)]));
  return caseOf(serviceExpr, table, `'Other'`);
}

export function serviceSubcategorySql(serviceExpr: string, lookup: ServiceLookup = 'hand'): string {
  const table = Object.fromEntries([...classes(lookup)].map(([k, v]) => [k, sqlString(v.subcategory)]));
  return caseOf(serviceExpr, table, `'Other (Other)'`);
}

/**
 * For FOCUS files: the source's subcategory when FOCUS 1.2 allows it under the row's category,
 * else `Other (<category>)` (FOCUS 1.0 files have no subcategory at all).
 */
export function subcategoryForCategorySql(subcategoryExpr: string, categoryExpr: string): string {
  const pairs = Object.entries(FOCUS_SUBCATEGORIES).flatMap(([category, subs]) => subs.map((sub) => sqlString(`${category}|${sub}`)));
  const known = Object.keys(FOCUS_SUBCATEGORIES).map(sqlString).join(', ');
  return `CASE WHEN ${categoryExpr} || '|' || ${subcategoryExpr} IN (${pairs.join(', ')}) THEN ${subcategoryExpr}
    WHEN ${categoryExpr} IN (${known}) THEN 'Other (' || ${categoryExpr} || ')' END`;
}

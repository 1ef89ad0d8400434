/**
 * Where each provider keeps a resource's tags in Terraform's plan JSON, for any resource type:
 * AWS `tags_all` (provider default tags merged in) under `tags`, Azure `tags`, Google `labels`.
 * A resource whose values carry the field (even as null: untagged) is taggable and meets the
 * tag rules; one without it (an IAM policy, a route) is not.
 */
export function plannedTags(type: string, values: Record<string, unknown> | null): Record<string, string> | undefined {
  if (!values) return undefined;
  const fields = tagFieldsOf(type);
  if (!fields.some((f) => f in values)) return undefined;
  return Object.assign({}, ...fields.map((f) => stringRecord(values[f]))) as Record<string, string>;
}

/** Google calls them labels; the messages say so. */
export function tagWordOf(type: string): 'tags' | 'labels' {
  return type.startsWith('google_') ? 'labels' : 'tags';
}

function tagFieldsOf(type: string): string[] {
  if (type.startsWith('aws_')) return ['tags_all', 'tags'];
  if (type.startsWith('google_')) return ['labels'];
  return ['tags'];
}

/**
 * Resource types that bill every month but that Tollgate's price catalogs (VM sizes only) do
 * not price yet: a change to one is listed at $0 with an `unpriced` problem, so the plan's
 * total never silently leaves them out.
 */
const UNPRICED_KINDS: Record<string, 'volume' | 'database'> = {
  aws_ebs_volume: 'volume',
  azurerm_managed_disk: 'volume',
  google_compute_disk: 'volume',
  aws_db_instance: 'database',
  aws_rds_cluster_instance: 'database',
  azurerm_postgresql_flexible_server: 'database',
  azurerm_mysql_flexible_server: 'database',
  azurerm_mssql_database: 'database',
  google_sql_database_instance: 'database',
};

export function billedKindOf(type: string): 'volume' | 'database' | undefined {
  return UNPRICED_KINDS[type];
}

export function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

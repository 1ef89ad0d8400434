import type { ColumnSet } from '../column-set.js';
import type { Normalizer } from '../normalizer.js';
import { CUR2_COLUMNS as C, type AwsCurColumns } from './aws-columns.js';
import { awsColumnRoles, awsInvoiceTotals, awsSelect, type AwsRef } from './aws-mapping.js';

/** CUR 2.0 keeps some product attributes only inside the `product` map (product_name, region_code). */
function cur2Ref(columns: ColumnSet): AwsRef {
  return (role: keyof AwsCurColumns) => {
    const name = C[role];
    if (columns.has(name) || !name.startsWith('product_') || !columns.has('product')) return columns.ref(name);
    return `json_extract_string(${columns.ref('product')}, ${`'$."${name.slice('product_'.length)}"'`})`;
  };
}

/** resource_tags is a map of user_team → value; user_ marks user-defined tags. */
function cur2Tags(columns: ColumnSet): string {
  if (!columns.has('resource_tags')) return 'NULL::VARCHAR';
  const tags = columns.ref('resource_tags');
  return `CASE WHEN tg_str(${tags}) IS NULL OR NOT json_valid(${tags}) THEN NULL ELSE tg_entries_json(list_filter(list_transform(
      map_entries(json_transform(${tags}, '"MAP(VARCHAR, VARCHAR)"')), e -> {'key': regexp_replace(e.key, '^user_', ''), 'value': tg_str(e.value)}), e -> e.value IS NOT NULL)) END`;
}

export const awsCur2Normalizer: Normalizer = {
  format: 'aws-cur2',
  description: 'AWS CUR 2.0 / Data Exports (line_item_unblended_cost …, product and resource_tags maps; Parquet, CSV)',
  ...awsColumnRoles(C),
  nullStrings: [],
  tagObjects: ['resource_tags'],
  select: (columns) => awsSelect(cur2Ref(columns), cur2Tags(columns)),
  invoiceTotals: (columns) => awsInvoiceTotals(cur2Ref(columns)),
};

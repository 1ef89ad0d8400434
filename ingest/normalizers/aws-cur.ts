import type { ColumnSet } from '../column-set.js';
import { ident } from '../../warehouse/index.js';
import type { Normalizer } from '../normalizer.js';
import { LEGACY_CUR_COLUMNS as C } from './aws-columns.js';
import { awsColumnRoles, awsInvoiceTotals, awsSelect, columnRef, sqlString } from './aws-mapping.js';

/** resourceTags/user:Team → Team; AWS-generated tags keep their aws: prefix. */
function legacyTags(columns: ColumnSet): string {
  const tagColumns = columns.withPrefix('resourceTags/');
  if (tagColumns.length === 0) return 'NULL::VARCHAR';
  const entries = tagColumns.map((c) => `{'key': ${sqlString(c.slice('resourceTags/'.length).replace(/^user:/, ''))}, 'value': tg_str(${ident(c)})}`);
  return `tg_entries_json(list_filter([${entries.join(', ')}], e -> e.value IS NOT NULL))`;
}

export const awsCurNormalizer: Normalizer = {
  format: 'aws-cur',
  description: 'AWS legacy Cost and Usage Report (lineItem/UnblendedCost …; CSV, CSV.gz)',
  ...awsColumnRoles(C),
  nullStrings: [],
  tagObjects: [],
  select: (columns) => awsSelect(columnRef(columns, C), legacyTags(columns)),
  invoiceTotals: (columns) => awsInvoiceTotals(columnRef(columns, C)),
};

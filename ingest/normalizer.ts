import type { ColumnSet } from './column-set.js';
import type { DateLayout } from './sql-macros.js';

export const SOURCE_FORMATS = ['focus', 'aws-cur', 'aws-cur2', 'azure', 'gcp'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** SQL expressions over the staging table that give the invoice as the source itself states it. */
export interface InvoiceTotalsSql {
  billingPeriod: string;
  billingAccount: string;
  currency: string;
  /** what the provider invoices for the record, from the source's own cost columns */
  amount: string;
}

/** One source layout → FOCUS 1.2. Every SQL expression reads the staging table `tg_stage`, where all values are text. */
export interface Normalizer {
  format: SourceFormat;
  description: string;
  /** does this header look like this layout? */
  recognizes(columns: ColumnSet): boolean;
  /** values the source writes for "no value", besides the empty string */
  nullStrings: readonly string[];
  /** groups of alternative column names; each group needs one present */
  required: readonly (readonly string[])[];
  /** money and quantity columns: a present, non-numeric value is an error */
  numeric: readonly string[];
  timestamps: readonly string[];
  /** how the layout writes dates with slashes; without one, only ISO 8601 dates are read */
  dateLayout?: DateLayout;
  /** columns holding a tag object */
  tagObjects: readonly string[];
  /** SELECT from tg_stage: every FOCUS column by name, plus x_source_row, x_source_part, x_tags_raw */
  select(columns: ColumnSet): string;
  invoiceTotals(columns: ColumnSet): InvoiceTotalsSql;
}

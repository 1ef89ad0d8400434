/**
 * One company, several spellings: a FOCUS file may name the provider `AWS` and the invoice issuer
 * `Amazon Web Services, Inc.`. FOCUS reads a differing InvoiceIssuerName as a third party
 * collecting payment (BilledCost-C-005-C: marketplace rows bill 0), so a first-party issuer is
 * written as the provider is. A real third party (a CSP partner, a marketplace seller) keeps its name.
 */
const COMPANY_SQL = (x: string) => `CASE
    WHEN lower(trim(${x})) IN ('aws', 'amazon', 'amazon web services') OR starts_with(lower(trim(${x})), 'amazon web services') THEN 'aws'
    WHEN lower(trim(${x})) IN ('microsoft', 'microsoft corporation', 'azure', 'microsoft azure') THEN 'microsoft'
    WHEN lower(trim(${x})) IN ('google', 'google cloud', 'google llc', 'google cloud platform', 'gcp') THEN 'google'
    WHEN lower(trim(${x})) IN ('oracle', 'oracle corporation', 'oracle cloud infrastructure', 'oci') THEN 'oracle'
  END`;

export function firstPartyIssuerSql(issuerExpr: string, providerExpr: string): string {
  return `CASE WHEN ${COMPANY_SQL(issuerExpr)} = ${COMPANY_SQL(providerExpr)} THEN ${providerExpr} ELSE ${issuerExpr} END`;
}

import { readFileSync } from 'node:fs';

/**
 * The FinOps toolkit's open-data lookups (microsoft/finops-toolkit, MIT; copied into
 * ingest/mappings/finops-toolkit with their license): Azure services → FOCUS ServiceCategory and
 * ServiceSubcategory, and Azure's UnitOfMeasure → a FOCUS unit and its pricing block size.
 */
const HERE = new URL('./mappings/finops-toolkit/', import.meta.url);

/** RFC 4180 records of a small, trusted lookup file, as objects keyed by the header. */
function readLookup(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(name, HERE), 'utf8');
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) field += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') endRecord();
    else if (ch !== '\r') field += ch;
  }
  if (field !== '' || record.length) endRecord();
  const [header, ...rows] = records.filter((r) => r.some((f) => f !== ''));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

export interface ServiceClass {
  category: string;
  subcategory: string;
}

/** By ServiceName and by ConsumedService (lower case): the first row for a name wins. */
export function toolkitServices(): Map<string, ServiceClass> {
  const byName = new Map<string, ServiceClass>();
  for (const row of readLookup('Services.csv')) {
    const value = { category: row.ServiceCategory!, subcategory: row.ServiceSubcategory! };
    for (const key of [row.ServiceName, row.ConsumedService]) if (key && !byName.has(key)) byName.set(key, value);
  }
  return byName;
}

export interface PricingUnit {
  unit: string;
  blockSize: number;
}

/** Azure's UnitOfMeasure (as written, e.g. `10 Hours`, `1/Month`) → FOCUS unit and block size. */
export function toolkitPricingUnits(): Map<string, PricingUnit> {
  const units = new Map<string, PricingUnit>();
  for (const row of readLookup('PricingUnits.csv')) {
    const blockSize = Number(row.PricingBlockSize);
    if (row.UnitOfMeasure && row.DistinctUnits && Number.isFinite(blockSize) && !units.has(row.UnitOfMeasure))
      units.set(row.UnitOfMeasure, { unit: row.DistinctUnits, blockSize });
  }
  return units;
}

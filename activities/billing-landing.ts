import { mkdir, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import type { AuditStore } from '../audit/index.js';
import type { BillingPollResult, BillingSourceReader, LandingUnit, LandOutput, SourcePollResult } from '../core/index.js';
import { ingestFile } from '../ingest/index.js';
import { mergeParts } from '../ingest/landing/merge-parts.js';
import { landedUnits, openWarehouse, recordLandedUnit, type ReplacedRows, type Warehouse } from '../warehouse/index.js';
import { recordStep, SYSTEM } from './record.js';

/** What a landing reports as it goes (the CLI prints it; the worker logs it and heartbeats). */
export type LandingEvent =
  | { kind: 'listed'; source: string; units: number; problems: number }
  | { kind: 'landing'; source: string; unit: string; parts: number }
  | { kind: 'landed'; source: string; unit: string; status: 'new' | 'restated' | 'unchanged'; rows: number }
  | { kind: 'failed'; source: string; unit: string; error: string };

export interface LandingContext {
  warehousePath: string;
  /** downloads go under here, one folder per unit, removed once it is loaded */
  cacheDir: string;
  tagAliases: Record<string, readonly string[]>;
  audit: AuditStore;
  clock: () => string;
  /** this poll: the workflow id, or `cli-…` for `tollgate billing poll` */
  landingId: string;
  onEvent?: (event: LandingEvent) => void;
}

/** Every source in turn; one that cannot be listed is reported and the others still land. */
export async function pollBillingSources(readers: readonly BillingSourceReader[], ctx: LandingContext): Promise<BillingPollResult> {
  const sources: SourcePollResult[] = [];
  for (const reader of readers) {
    try {
      sources.push(await landSource(reader, ctx));
    } catch (error) {
      sources.push(sourceError(reader, error));
    }
  }
  return { landingId: ctx.landingId, sources };
}

export function sourceError(reader: Pick<BillingSourceReader, 'name' | 'kind' | 'location'>, error: unknown): SourcePollResult {
  const message = `billing source ${reader.name} (${reader.location}) could not be read: ${(error as Error).message ?? String(error)}; check the source's settings in tollgate.yaml and the worker's access`;
  return { source: reader.name, kind: reader.kind, location: reader.location, units: 0, landed: [], unchanged: 0, failed: [], error: message };
}

/**
 * One source: list its units, skip those whose fingerprint the ledger already holds, and land the
 * rest one at a time — download, merge the parts, ingest under the unit's stable name (a new version
 * replaces the old rows in the same transaction), record the landing in the audit log, then in the
 * ledger. Each step is idempotent, so a retry after a crash anywhere finishes the job without a
 * second record. A unit that fails leaves the warehouse as it was; the others still land.
 */
export async function landSource(reader: BillingSourceReader, ctx: LandingContext): Promise<SourcePollResult> {
  const listing = await reader.listUnits();
  ctx.onEvent?.({ kind: 'listed', source: reader.name, units: listing.units.length, problems: listing.problems.length });
  const result: SourcePollResult = {
    source: reader.name,
    kind: reader.kind,
    location: reader.location,
    units: listing.units.length,
    landed: [],
    unchanged: 0,
    failed: listing.problems.map((p) => ({ unit: p.objects[0] ?? reader.location, objects: p.objects, error: `billing source ${reader.name}: ${p.error}` })),
  };
  const db = await openWarehouse(ctx.warehousePath);
  try {
    const ledger = await landedUnits(db, reader.name);
    for (const unit of listing.units) {
      const held = ledger.get(unit.unit);
      if (held?.fingerprint === unit.fingerprint) {
        result.unchanged += 1;
        continue;
      }
      ctx.onEvent?.({ kind: 'landing', source: reader.name, unit: unit.unit, parts: unit.parts.length });
      try {
        const landed = await landUnit(db, reader, unit, held?.sha256, ctx);
        if (landed) result.landed.push(landed);
        else result.unchanged += 1;
        ctx.onEvent?.({ kind: 'landed', source: reader.name, unit: unit.unit, status: landed?.kind ?? 'unchanged', rows: landed?.rows ?? 0 });
      } catch (error) {
        const objects = unit.parts.map((p) => p.uri);
        const text = `billing source ${reader.name}, ${unit.manifest ? `manifest ${unit.manifest}` : `object ${objects.join(', ')}`}: ${(error as Error).message}`;
        result.failed.push({ unit: unit.unit, objects: unit.manifest ? [unit.manifest, ...objects] : objects, error: text });
        ctx.onEvent?.({ kind: 'failed', source: reader.name, unit: unit.unit, error: text });
      }
    }
  } finally {
    db.close();
  }
  return result;
}

/** One unit into the warehouse; undefined when its content was already held (nothing to record). */
async function landUnit(
  db: Warehouse,
  reader: BillingSourceReader,
  unit: LandingUnit,
  heldSha: string | undefined,
  ctx: LandingContext,
): Promise<LandOutput | undefined> {
  const dir = join(ctx.cacheDir, reader.name, createHash('sha256').update(unit.unit).digest('hex').slice(0, 16));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    const local = [];
    for (const [i, part] of unit.parts.entries()) {
      if (part.localPath && unit.parts.length === 1) {
        local.push({ file: part.localPath, uri: part.uri });
        continue;
      }
      // The part keeps its own name (its extension says csv/gz/parquet), prefixed to keep parts apart.
      const file = join(dir, `${String(i).padStart(5, '0')}-${basename(part.key)}`);
      if (part.localPath) local.push({ file: part.localPath, uri: part.uri });
      else {
        await reader.download(part, file);
        local.push({ file, uri: part.uri });
      }
    }
    const file = await mergeParts(db, local, dir);
    // The period decides what a delivery replaces: rows held for it under another name go too.
    const ingested = await ingestFile(db, file, { format: unit.format, tagAliases: ctx.tagAliases, sourceName: unit.unit, replacePeriods: true });
    const sha256 = ingested.sha256 ?? ingested.ingestId;
    const objects = unit.parts.map((p) => p.uri);
    // The same bytes held under another name (a copy, a re-upload under a new key): nothing changed, nothing to record.
    const heldElsewhere = ingested.status === 'unchanged' && ingested.heldAs !== undefined && ingested.heldAs !== unit.unit;
    let landed: LandOutput | undefined;
    if (heldSha !== sha256 && !heldElsewhere) {
      landed = {
        kind: heldSha === undefined && ingested.replaced.length === 0 ? 'new' : 'restated',
        source: reader.name,
        sourceKind: reader.kind,
        unit: unit.unit,
        ...(unit.period ? { period: unit.period } : {}),
        ...(unit.manifest ? { manifest: unit.manifest } : {}),
        ...(unit.assemblyId ? { assemblyId: unit.assemblyId } : {}),
        objects,
        sha256,
        ingestId: ingested.ingestId,
        format: ingested.format,
        rows: ingested.rows,
        replacedRows: ingested.replacedRows,
        ...(heldSha && heldSha !== sha256 ? { previousSha256: heldSha } : {}),
        ...(ingested.replaced.length > 0 ? { replaced: ingested.replaced } : {}),
      };
      await recordStep(ctx.audit, {
        workflowId: ctx.landingId,
        findingId: `landing:${reader.name}:${unit.unit}`,
        step: 'land',
        actor: SYSTEM,
        input: { source: reader.name, unit: unit.unit, fingerprint: unit.fingerprint, objects },
        summary: `${reader.kind} source ${reader.name}: ${unit.unit}`,
        output: landed,
        outcome: `${landed.kind === 'new' ? 'landed' : 'restated'} ${unit.unit}: ${landed.rows} rows${landed.replacedRows ? `, replacing ${landed.replacedRows}` : ''}${replacedText(ingested.replaced)}`,
        at: ctx.clock(),
        // The same content of the same unit is one landing, however often it is polled or retried.
        key: `land:${reader.name}:${unit.unit}:${sha256}`,
      });
    }
    await recordLandedUnit(db, {
      source: reader.name,
      unit: unit.unit,
      fingerprint: unit.fingerprint,
      sha256,
      ingestId: ingested.ingestId,
      period: unit.period ?? null,
      manifest: unit.manifest ?? null,
      objects,
      landedAt: ctx.clock(),
    });
    return landed;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `; 120 of them held as /drop/march.csv (2025-03)`: what other names held for the restated periods. */
function replacedText(replaced: readonly ReplacedRows[]): string {
  if (replaced.length === 0) return '';
  return `; ${replaced.map((r) => `${r.rows} of them held as ${r.sourceFile} (${r.periods.join(', ')})`).join('; ')}`;
}

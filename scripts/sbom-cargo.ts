// Adds the Rust crates of the native series detector to the npm SBOM (scripts/sbom.sh).
// The addon (native/series-detector) is a cdylib: the crates linked into it ship inside the .node
// file, so they are components like the npm packages. What only runs while compiling does not
// ship: build-dependencies (napi-build, run by build.rs) and proc-macro crates (napi-derive, ctor,
// loaded by rustc) with everything beneath them. Those are listed with `scope: "excluded"`, which
// CycloneDX defines as "not reachable within a call graph at runtime".
//   tsx scripts/sbom-cargo.ts --bom NPM.json --out OUT (--cargo-metadata META.json --cargo-lock Cargo.lock | --without-cargo)
// META.json is `cargo metadata --format-version 1 --locked --filter-platform HOST`: the filter drops
// crates of other platforms (cfg(windows) ones on Linux), as the host build does.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { parse as parseToml } from 'smol-toml';

export interface CargoMetadata {
  packages: {
    id: string;
    name: string;
    version: string;
    description?: string | null;
    license?: string | null;
    targets: { kind: string[] }[];
  }[];
  resolve: {
    root: string | null;
    nodes: { id: string; deps: { pkg: string; dep_kinds: { kind: 'build' | 'dev' | null }[] }[] }[];
  };
}

interface Component {
  type: string;
  name: string;
  version: string;
  'bom-ref'?: string;
  scope?: 'required' | 'optional' | 'excluded';
  [field: string]: unknown;
}

export interface Bom {
  metadata: { component?: Component; properties?: { name: string; value: string }[] };
  components?: Component[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
  compositions?: { aggregate: string; assemblies?: string[]; dependencies?: string[] }[];
  [field: string]: unknown;
}

/** The property that says, in the SBOM itself, why the crates are missing. */
export const CRATES_MISSING_PROPERTY = 'tollgate:sbom:cargo-crates';

const purl = (name: string, version: string) => `pkg:cargo/${name}@${version}`;
const sorted = (refs: Iterable<string>) => [...new Set(refs)].sort();
// Code-unit order, not the locale's: the same bytes on every machine.
const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Crate name@version -> SHA-256 of the .crate file, from Cargo.lock's `checksum` fields. */
export function lockChecksums(lockText: string): Map<string, string> {
  const lock = parseToml(lockText) as { package?: { name: string; version: string; checksum?: string }[] };
  return new Map((lock.package ?? []).flatMap((p) => (p.checksum ? [[`${p.name}@${p.version}`, p.checksum]] : [])));
}

/**
 * The addon's crates: `shipped` is the closure of normal dependencies that are not proc-macros
 * (what the linker puts into the addon), `buildTime` everything else the build compiles.
 */
export function classifyCrates(metadata: CargoMetadata): { root: string; shipped: Set<string>; buildTime: Set<string> } {
  const root = metadata.resolve.root;
  if (!root) throw new Error('cargo metadata: no root package (run it on native/series-detector/Cargo.toml)');
  const nodes = new Map(metadata.resolve.nodes.map((n) => [n.id, n]));
  const procMacro = new Set(metadata.packages.filter((p) => p.targets.some((t) => t.kind.includes('proc-macro'))).map((p) => p.id));
  const reach = (follow: (kind: 'build' | 'dev' | null, to: string) => boolean) => {
    const seen = new Set<string>();
    const todo = [root];
    for (let id = todo.pop(); id !== undefined; id = todo.pop())
      for (const dep of nodes.get(id)?.deps ?? [])
        if (!seen.has(dep.pkg) && dep.dep_kinds.some((k) => follow(k.kind, dep.pkg))) {
          seen.add(dep.pkg);
          todo.push(dep.pkg);
        }
    seen.delete(root);
    return seen;
  };
  const shipped = reach((kind, to) => kind === null && !procMacro.has(to));
  const buildTime = new Set([...reach((kind) => kind !== 'dev')].filter((id) => !shipped.has(id)));
  return { root, shipped, buildTime };
}

/** The npm SBOM plus the addon (type library), its crates and their dependency relations. */
export function addCargoCrates(bom: Bom, metadata: CargoMetadata, lockText: string): Bom {
  const { root, shipped, buildTime } = classifyCrates(metadata);
  const checksums = lockChecksums(lockText);
  const packages = new Map(metadata.packages.map((p) => [p.id, p]));
  const pkg = (id: string) => {
    const p = packages.get(id);
    if (!p) throw new Error(`cargo metadata: resolve names ${id}, which is not among its packages`);
    return p;
  };
  const ref = (id: string) => purl(pkg(id).name, pkg(id).version);
  const component = (id: string, type: string, scope?: 'excluded'): Component => {
    const p = pkg(id);
    const checksum = checksums.get(`${p.name}@${p.version}`);
    if (id !== root && !checksum)
      throw new Error(
        `native/series-detector/Cargo.lock: no checksum for ${p.name} ${p.version}; every crate must come from crates.io, pinned with its SHA-256`,
      );
    return {
      type,
      name: p.name,
      version: p.version,
      'bom-ref': ref(id),
      ...(scope ? { scope } : {}),
      ...(p.description ? { description: p.description.trim() } : {}),
      ...(p.license ? { licenses: [{ expression: p.license, acknowledgement: 'declared' }] } : {}),
      purl: ref(id),
      ...(checksum ? { hashes: [{ alg: 'SHA-256', content: checksum }] } : {}),
    };
  };
  const crates = [
    component(root, 'library'),
    ...[...shipped].map((id) => component(id, 'library')),
    ...[...buildTime].map((id) => component(id, 'library', 'excluded')),
  ].sort((a, b) => codeUnitOrder(String(a['bom-ref']), String(b['bom-ref'])));

  // Relations: linked crates from the addon down; the compile-time crates among themselves only.
  const nodes = new Map(metadata.resolve.nodes.map((n) => [n.id, n]));
  const within = (id: string, set: Set<string>, kinds: (k: 'build' | 'dev' | null) => boolean) =>
    sorted((nodes.get(id)?.deps ?? []).filter((d) => set.has(d.pkg) && d.dep_kinds.some((k) => kinds(k.kind))).map((d) => ref(d.pkg)));
  const relations = [
    { ref: ref(root), dependsOn: within(root, shipped, (k) => k === null) },
    ...[...shipped].map((id) => ({ ref: ref(id), dependsOn: within(id, shipped, (k) => k === null) })),
    ...[...buildTime].map((id) => ({ ref: ref(id), dependsOn: within(id, buildTime, (k) => k !== 'dev') })),
  ].sort((a, b) => codeUnitOrder(a.ref, b.ref));

  // The application depends on the addon: added to its relation, or a relation of its own.
  const appRef = bom.metadata.component?.['bom-ref'];
  const npmRelations = bom.dependencies ?? [];
  const dependencies =
    appRef && !npmRelations.some((d) => d.ref === appRef)
      ? [...npmRelations, { ref: appRef, dependsOn: [ref(root)] }]
      : npmRelations.map((d) => (d.ref === appRef ? { ...d, dependsOn: sorted([...(d.dependsOn ?? []), ref(root)]) } : d));
  return { ...bom, components: [...(bom.components ?? []), ...crates], dependencies: [...dependencies, ...relations] };
}

/** The npm SBOM, saying in itself that the addon's crates are not listed (no cargo to read them). */
export function markCratesMissing(bom: Bom): Bom {
  const appRef = bom.metadata.component?.['bom-ref'];
  return {
    ...bom,
    metadata: {
      ...bom.metadata,
      properties: [
        ...(bom.metadata.properties ?? []),
        {
          name: CRATES_MISSING_PROPERTY,
          value: 'not listed: cargo was not found, so the Rust crates of native/series-detector are missing from this SBOM',
        },
      ],
    },
    ...(appRef ? { compositions: [...(bom.compositions ?? []), { aggregate: 'incomplete', assemblies: [appRef], dependencies: [appRef] }] } : {}),
  };
}

/** Schema errors of a CycloneDX 1.6 JSON document, or null when it is valid. */
export async function cyclonedxErrors(json: string): Promise<unknown> {
  return new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json);
}

async function main() {
  const { values } = parseArgs({
    options: {
      bom: { type: 'string' },
      out: { type: 'string' },
      'cargo-metadata': { type: 'string' },
      'cargo-lock': { type: 'string' },
      'without-cargo': { type: 'boolean', default: false },
    },
  });
  const { bom: bomPath, out, 'cargo-metadata': metadataPath, 'cargo-lock': lockPath } = values;
  if (!bomPath || !out || (values['without-cargo'] ? metadataPath || lockPath : !metadataPath || !lockPath))
    throw new Error('usage: sbom-cargo.ts --bom NPM.json --out OUT (--cargo-metadata META.json --cargo-lock Cargo.lock | --without-cargo)');
  const npmBom = JSON.parse(readFileSync(bomPath, 'utf8')) as Bom;
  const bom =
    metadataPath && lockPath
      ? addCargoCrates(npmBom, JSON.parse(readFileSync(metadataPath, 'utf8')) as CargoMetadata, readFileSync(lockPath, 'utf8'))
      : markCratesMissing(npmBom);
  const json = `${JSON.stringify(bom, null, 2)}\n`;
  const errors = await cyclonedxErrors(json);
  if (errors !== null) throw new Error(`the merged SBOM is not valid CycloneDX 1.6: ${JSON.stringify(errors, null, 2)}`);
  writeFileSync(`${out}.tmp`, json);
  renameSync(`${out}.tmp`, out);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((err: unknown) => {
    process.stderr.write(`sbom: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });

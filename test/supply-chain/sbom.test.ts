import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CRATES_MISSING_PROPERTY, cyclonedxErrors } from '../../scripts/sbom-cargo.js';
import { REPO } from '../support/world.js';

interface Component {
  group?: string;
  name: string;
  version: string;
  'bom-ref'?: string;
  scope?: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  components?: Component[];
}
interface Bom {
  bomFormat: string;
  specVersion: string;
  metadata: { component: Component; properties?: { name: string; value: string }[] };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  compositions?: { aggregate: string; assemblies?: string[] }[];
}

const flatten = (components: Component[] = []): Component[] => components.flatMap((c) => [c, ...flatten(c.components)]);
const fullName = (c: Component) => (c.group ? `${c.group}/${c.name}` : c.name);

const CRATE = join(REPO, 'native/series-detector');
// As scripts/build-native.sh and scripts/sbom.sh find it: rustup's ~/.cargo/bin may be off PATH.
const CARGO_PATH = `${process.env.PATH ?? ''}:${join(homedir(), '.cargo/bin')}`;
const cargo = (...args: string[]) => {
  const run = spawnSync('cargo', [...args, '--locked', '--manifest-path', join(CRATE, 'Cargo.toml')], {
    encoding: 'utf8',
    env: { ...process.env, PATH: CARGO_PATH },
  });
  if (run.status !== 0) throw new Error(`cargo ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
};
/** `cargo tree` lines "name vX.Y.Z [(path)] [(*)]" -> "name@X.Y.Z"; cargo tree filters to the host. */
const treeCrates = (edges: string) =>
  new Set(
    cargo('tree', '-e', edges, '--prefix', 'none', '--format', '{p}')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, version] = line.split(' ');
        return `${name}@${version?.replace(/^v/, '')}`;
      }),
  );

const makeSbom = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const out = join(mkdtempSync(join(tmpdir(), 'tollgate-sbom-')), 'sbom.cdx.json');
  const made = spawnSync(`${REPO}/scripts/sbom.sh`, [...args, out], { cwd: REPO, encoding: 'utf8', env });
  return { ...made, out };
};
const read = (path: string) => readFileSync(path, 'utf8');

/** `make sbom`: the real cyclonedx-npm over the installed tree, the real cargo over the crate. */
describe('the SBOM', () => {
  let text: string;
  let bom: Bom;
  beforeAll(() => {
    const made = makeSbom(['--require-cargo'], { ...process.env, PATH: CARGO_PATH });
    expect(made.status, made.stderr).toBe(0);
    text = read(made.out);
    bom = JSON.parse(text) as Bom;
  }, 120_000);

  it('lists every production dependency at its installed version and no dev-only tool', () => {
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    const pkg = JSON.parse(read(join(REPO, 'package.json'))) as {
      name: string;
      version: string;
      dependencies: Record<string, string>;
    };
    expect(bom.metadata.component).toMatchObject({ name: pkg.name, version: pkg.version });

    // The top level is what sits in node_modules/ itself: the direct dependencies at their pinned versions.
    const topLevel = new Map(bom.components.map((c) => [fullName(c), c]));
    for (const [name, version] of Object.entries(pkg.dependencies)) {
      expect(topLevel.get(name)?.version, name).toBe(version);
      expect(topLevel.get(name)?.purl, name).toMatch(/^pkg:npm\//);
    }
    const listed = new Set(flatten(bom.components).map(fullName));
    // Tools only a developer installs never ship (none of them is a production dependency's dependency).
    for (const tool of ['vitest', 'eslint', 'typescript', 'prettier', '@stryker-mutator/core', 'dependency-cruiser'])
      expect(listed.has(tool), tool).toBe(false);
  });

  it('lists the addon and every crate linked into it at its Cargo.lock version, purl and hash', () => {
    const lock = parseToml(read(join(CRATE, 'Cargo.lock'))) as {
      package: { name: string; version: string; checksum?: string }[];
    };
    const manifest = parseToml(read(join(CRATE, 'Cargo.toml'))) as { package: { name: string; version: string } };
    const addonRef = `pkg:cargo/${manifest.package.name}@${manifest.package.version}`;
    const byPurl = new Map(bom.components.map((c) => [c.purl, c]));
    expect(byPurl.get(addonRef)).toMatchObject({ type: 'library', name: manifest.package.name, version: manifest.package.version });
    expect(bom.dependencies.find((d) => d.ref === bom.metadata.component['bom-ref'])?.dependsOn).toContain(addonRef);

    // What rustc links: normal dependencies, not through a proc-macro (cargo's own view of the graph).
    const linked = treeCrates('normal,no-proc-macro');
    linked.delete(`${manifest.package.name}@${manifest.package.version}`);
    expect(linked.size).toBeGreaterThan(0);
    for (const crate of linked) {
      const [name, version] = crate.split('@') as [string, string];
      const locked = lock.package.find((p) => p.name === name && p.version === version);
      expect(locked?.checksum, crate).toMatch(/^[0-9a-f]{64}$/);
      const c = byPurl.get(`pkg:cargo/${crate}`);
      expect(c, crate).toMatchObject({ type: 'library', name, version, hashes: [{ alg: 'SHA-256', content: locked?.checksum }] });
      expect(c?.scope ?? 'required', crate).toBe('required');
    }

    // The dependency relations from the addon down reach exactly the linked crates.
    const relations = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn ?? []]));
    const reached = new Set<string>();
    const todo = [addonRef];
    for (let ref = todo.pop(); ref !== undefined; ref = todo.pop())
      for (const next of relations.get(ref) ?? []) if (!reached.has(next) && reached.add(next)) todo.push(next);
    expect([...reached].sort()).toEqual([...linked].map((c) => `pkg:cargo/${c}`).sort());
  });

  it('lists build-dependencies and proc-macro crates as excluded: they run while compiling and do not ship', () => {
    const metadata = JSON.parse(cargo('metadata', '--format-version', '1')) as {
      packages: { name: string; version: string; targets: { kind: string[] }[] }[];
    };
    const procMacros = metadata.packages.filter((p) => p.targets.some((t) => t.kind.includes('proc-macro')));
    expect(procMacros.map((p) => p.name)).toContain('napi-derive');
    const compiled = treeCrates('normal,build');
    const linked = treeCrates('normal,no-proc-macro');
    const buildOnly = [...compiled].filter((c) => !linked.has(c));
    expect(buildOnly.some((c) => c.startsWith('napi-build@'))).toBe(true);
    for (const p of procMacros) expect(buildOnly, p.name).toContain(`${p.name}@${p.version}`);

    const byPurl = new Map(bom.components.map((c) => [c.purl, c]));
    for (const crate of buildOnly) expect(byPurl.get(`pkg:cargo/${crate}`)?.scope, crate).toBe('excluded');
  });

  it('is valid CycloneDX 1.6 and the same bytes on a second run', async () => {
    expect(await cyclonedxErrors(text)).toBeNull();
    const again = makeSbom(['--require-cargo'], { ...process.env, PATH: CARGO_PATH });
    expect(again.status, again.stderr).toBe(0);
    expect(read(again.out)).toBe(text);
  }, 120_000);
});

describe('the SBOM without cargo', () => {
  // A PATH with node but no cargo, and a HOME without ~/.cargo/bin.
  const noCargo = { ...process.env, PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: mkdtempSync(join(tmpdir(), 'tollgate-home-')) };

  it('fails under --require-cargo (make test) and names what to install', () => {
    const made = makeSbom(['--require-cargo'], noCargo);
    expect(made.status).not.toBe(0);
    expect(made.stderr).toMatch(/cargo not found.*rustup/);
  });

  it('otherwise lists the npm packages, warns, and says in the SBOM that the crates are missing', async () => {
    const made = makeSbom([], noCargo);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/WARNING cargo not found/);
    const text = read(made.out);
    const bom = JSON.parse(text) as Bom;
    expect(bom.components.some((c) => c.purl?.startsWith('pkg:cargo/'))).toBe(false);
    expect(bom.metadata.properties?.find((p) => p.name === CRATES_MISSING_PROPERTY)?.value).toMatch(/not listed/);
    expect(bom.compositions).toContainEqual({
      aggregate: 'incomplete',
      assemblies: [bom.metadata.component['bom-ref']],
      dependencies: [bom.metadata.component['bom-ref']],
    });
    expect(await cyclonedxErrors(text)).toBeNull();
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { addCargoCrates, classifyCrates, type Bom, type CargoMetadata } from '../../scripts/sbom-cargo.js';

// A hand-written crate graph with the cases the real one (test/supply-chain/sbom.test.ts) lacks:
// a dev-dependency, a crate both linked and used by a proc-macro, a build-dependency's own dependency.
const kind = (k: 'build' | 'dev' | null) => [{ kind: k }];
const lib = (name: string, procMacro = false) => ({
  id: `reg#${name}@1.0.0`,
  name,
  version: '1.0.0',
  license: 'MIT',
  targets: [{ kind: [procMacro ? 'proc-macro' : 'lib'] }],
});
const metadata: CargoMetadata = {
  packages: [lib('addon'), lib('linked'), lib('shared'), lib('derive', true), lib('macro-only'), lib('builder'), lib('builder-dep'), lib('tester')],
  resolve: {
    root: 'reg#addon@1.0.0',
    nodes: [
      {
        id: 'reg#addon@1.0.0',
        deps: [
          { pkg: 'reg#linked@1.0.0', dep_kinds: kind(null) },
          { pkg: 'reg#derive@1.0.0', dep_kinds: kind(null) },
          { pkg: 'reg#builder@1.0.0', dep_kinds: kind('build') },
          { pkg: 'reg#tester@1.0.0', dep_kinds: kind('dev') },
        ],
      },
      { id: 'reg#linked@1.0.0', deps: [{ pkg: 'reg#shared@1.0.0', dep_kinds: kind(null) }] },
      {
        id: 'reg#derive@1.0.0',
        deps: [
          { pkg: 'reg#shared@1.0.0', dep_kinds: kind(null) },
          { pkg: 'reg#macro-only@1.0.0', dep_kinds: kind(null) },
        ],
      },
      { id: 'reg#builder@1.0.0', deps: [{ pkg: 'reg#builder-dep@1.0.0', dep_kinds: kind(null) }] },
      ...['shared', 'macro-only', 'builder-dep', 'tester'].map((n) => ({ id: `reg#${n}@1.0.0`, deps: [] })),
    ],
  },
};
const names = (ids: Set<string>) => [...ids].map((id) => id.replace(/^reg#|@.*$/g, '')).sort();
const lockOf = (crates: string[]) =>
  crates.map((n, i) => `[[package]]\nname = "${n}"\nversion = "1.0.0"\nchecksum = "${String(i).repeat(64).slice(0, 64)}"\n`).join('\n');

describe('the crates of the addon', () => {
  it('ship through normal dependencies only, never through a proc-macro, a build- or a dev-dependency', () => {
    const { shipped, buildTime } = classifyCrates(metadata);
    expect(names(shipped)).toEqual(['linked', 'shared']);
    expect(names(buildTime)).toEqual(['builder', 'builder-dep', 'derive', 'macro-only']);
  });

  it('each need a Cargo.lock checksum; a missing one is an error naming the crate', () => {
    const bom: Bom = { metadata: { component: { type: 'application', name: 'app', version: '1', 'bom-ref': 'app' } } };
    const all = ['linked', 'shared', 'derive', 'macro-only', 'builder', 'builder-dep'];
    const merged = addCargoCrates(bom, metadata, lockOf(all)).dependencies;
    expect(merged).toContainEqual({ ref: 'app', dependsOn: ['pkg:cargo/addon@1.0.0'] });
    expect(merged).toContainEqual({ ref: 'pkg:cargo/addon@1.0.0', dependsOn: ['pkg:cargo/linked@1.0.0'] });
    expect(() => addCargoCrates(bom, metadata, lockOf(all.filter((n) => n !== 'shared')))).toThrow(/Cargo\.lock: no checksum for shared 1\.0\.0/);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/world.js';

interface Component {
  group?: string;
  name: string;
  version: string;
  purl?: string;
  components?: Component[];
}

const flatten = (components: Component[] = []): Component[] => components.flatMap((c) => [c, ...flatten(c.components)]);
const fullName = (c: Component) => (c.group ? `${c.group}/${c.name}` : c.name);

/** `make sbom`: the real cyclonedx-npm over the installed tree. */
describe('the SBOM', () => {
  it('lists every production dependency at its installed version and no dev-only tool', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tollgate-sbom-')), 'sbom.cdx.json');
    const made = spawnSync(`${REPO}/scripts/sbom.sh`, [out], { cwd: REPO, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);

    const bom = JSON.parse(readFileSync(out, 'utf8')) as {
      bomFormat: string;
      specVersion: string;
      metadata: { component: Component };
      components: Component[];
    };
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
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
  }, 120_000);
});

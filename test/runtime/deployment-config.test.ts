import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentConfigFields } from '../../runtime/deployment-fields.js';
import { deploymentConfigPath, loadDeploymentConfig } from '../../runtime/load-deployment-config.js';
import { REPO } from '../support/world.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('tollgate.yaml', () => {
  it('documents every schema field in docs/clouds.md, with the description the schema gives', () => {
    const doc = readFileSync(join(REPO, 'docs/clouds.md'), 'utf8');
    const fields = deploymentConfigFields();
    expect(fields.length).toBeGreaterThan(30);
    const missing = fields.filter((f) => !doc.includes(`| \`${f.path}\` | ${f.type} | ${f.description} |`)).map((f) => f.path);
    expect(missing, 'regenerate the table with: npx tsx scripts/config-reference.ts').toEqual([]);
  });

  it('parses the example, and names the file and field path of each mistake', () => {
    expect(loadDeploymentConfig(join(REPO, 'examples/tollgate.yaml')).config.clouds.aws?.accounts).toHaveLength(3);
    const bad = file(
      'bad.yaml',
      [
        'clouds:',
        '  aws:',
        '    regions: [us-east-1]',
        '    accounts:',
        '      - id: "12345"',
        '        analysis: { roleArn: "arn:aws:iam::111111111111:user/x" }',
        '  gcp:',
        '    projects: [{ id: acme-web, acces: read-only }]',
      ].join('\n'),
    );
    const error = (() => {
      try {
        loadDeploymentConfig(bad);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toContain(`${bad}: invalid deployment config`);
    expect(error).toMatch(/clouds\.aws\.accounts\.0\.id: expected a 12-digit AWS account id/);
    expect(error).toMatch(/clouds\.aws\.accounts\.0\.analysis\.roleArn: expected arn:aws:iam::/);
    expect(error).toMatch(/clouds\.gcp\.projects\.0: Unrecognized key: "acces"/);
  });

  it('refuses a file naming no cloud, and secrets it has no field for', () => {
    expect(() => loadDeploymentConfig(file('empty.yaml', 'clouds: {}\n'))).toThrow(/clouds: name at least one cloud/);
    expect(() => loadDeploymentConfig(file('secret.yaml', 'clouds:\n  aws:\n    regions: [us-east-1]\n    secretAccessKey: x\n'))).toThrow(
      /clouds\.aws: Unrecognized key: "secretAccessKey"/,
    );
  });

  it('comes from --config, else TOLLGATE_CONFIG, else the sandbox alone', () => {
    expect(deploymentConfigPath('a.yaml', { TOLLGATE_CONFIG: 'b.yaml' })).toBe(join(process.cwd(), 'a.yaml'));
    expect(deploymentConfigPath(undefined, { TOLLGATE_CONFIG: 'b.yaml' })).toBe(join(process.cwd(), 'b.yaml'));
    expect(loadDeploymentConfig(deploymentConfigPath(undefined, {}))).toEqual({ config: { clouds: { sandbox: {} } }, path: undefined });
    expect(() => loadDeploymentConfig(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read the deployment config .*--config or TOLLGATE_CONFIG/);
  });
});

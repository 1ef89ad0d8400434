import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseEstate } from '../../clouds/sandbox/estate.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import { detectFindings } from '../../activities/detect-findings.js';
import { readOnlyView } from '../../clouds/provider.js';
import { loadPolicy, runtimeConfig } from '../config.js';
import { printJson, printTable } from '../output.js';
import { openSandbox } from '../runtime.js';

export function registerDetect(program: Command): void {
  const detect = program.command('detect').description('deterministic findings');
  detect
    .command('rightsizing')
    .description('over-provisioned VMs in the estate, with candidate sizes and the numbers behind them')
    .option('--estate <file>', 'sandbox estate JSON')
    .option('--json', 'print JSON')
    .action(async (opts: { estate?: string; json?: boolean }) => {
      const config = runtimeConfig();
      // An explicit estate file is read as it is, without the demo's shared state.
      const cloud = opts.estate ? new SandboxCloud(parseEstate(readFileSync(opts.estate, 'utf8'), opts.estate)) : openSandbox(config);
      const findings = await detectFindings(readOnlyView(cloud), loadPolicy(config.policyPath), new Date().toISOString());
      if (opts.json) return printJson({ findings });
      printTable(
        findings.map((f) => ({
          resource: f.resourceId,
          current: f.currentSku,
          target: f.candidates[0]?.sku ?? '',
          savingsUsd: f.estimatedMonthlySavingsUsd,
          cpuP995: f.utilization?.cpu.p995 ?? '',
        })),
        ['resource', 'current', 'target', 'savingsUsd', 'cpuP995'],
      );
    });
}

import type { Command } from 'commander';
import { runtimeConfig } from '../config.js';
import { printJson } from '../output.js';
import { openAudit } from '../runtime.js';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained decision log');

  audit
    .command('verify')
    .description('recompute the chain and name the first bad record')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const store = openAudit(runtimeConfig());
      const result = await store.verify();
      await store.close();
      if (opts.json) printJson(result);
      else if (result.ok) process.stdout.write(`audit log intact: ${result.records} records, head ${result.head.slice(0, 16)}\n`);
      else process.stdout.write(`audit log BROKEN at seq ${result.firstBadSeq}: ${result.reason}\n`);
      if (!result.ok) process.exitCode = 1;
    });

  audit
    .command('export')
    .description('write every record as JSON lines on stdout')
    .action(async () => {
      const store = openAudit(runtimeConfig());
      for (const record of await store.records()) process.stdout.write(`${JSON.stringify(record)}\n`);
      await store.close();
    });
}

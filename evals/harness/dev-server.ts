import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { TollgateMonthlySavingsUsd, TollgateProvider, TollgateRisk, TollgateState } from '../../workflows/search-attributes.js';

const TEMPORAL_CLI_SCRIPT = fileURLToPath(new URL('../../scripts/temporal-cli.sh', import.meta.url));

/** A real Temporal dev server (the CLI built from the Go module proxy), with Tollgate's search attributes. */
export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  const path = execFileSync(TEMPORAL_CLI_SCRIPT, { encoding: 'utf8' }).trim();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      ip: '127.0.0.1',
      searchAttributes: [TollgateState, TollgateProvider, TollgateRisk, TollgateMonthlySavingsUsd],
      extraArgs: ['--log-level', 'error'],
    },
  });
}

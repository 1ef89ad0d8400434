import { Command } from 'commander';
import { startTelemetry } from '../runtime/telemetry.js';
import { registerCommands } from './commands/index.js';

const program = new Command()
  .name('tollgate')
  .description('Cuts cloud bills without doing anything dangerous on its own: findings, proposals, guardrails, human approval, audit.')
  .showHelpAfterError()
  .exitOverride((error) => process.exit(error.exitCode));

registerCommands(program);
// Spans leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/observability.md).
const telemetry = await startTelemetry('tollgate');

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`tollgate: ${(error as Error).message}\n`);
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
} finally {
  await telemetry.shutdown();
}

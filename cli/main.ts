import { startTelemetry } from '../runtime/telemetry.js';
import { addLazyCommands, readManifest } from './command-manifest.js';
import { registerCommands } from './commands/index.js';
import { newProgram } from './program.js';

const program = newProgram();
// Compiled (dist/): commands come from the build's manifest and each module loads when it runs.
// From the TypeScript sources there is no manifest: every module is registered up front.
const manifest = readManifest();
if (manifest) addLazyCommands(program, manifest);
else await registerCommands(program);
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

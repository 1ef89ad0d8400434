// Build step (scripts/build.sh): records every command's name, options and arguments so the
// compiled CLI can print help and parse without loading the command modules.
import { MANIFEST_PATH, writeManifest } from './command-manifest.js';

await writeManifest();
process.stdout.write(`wrote ${MANIFEST_PATH}\n`);
// A command module may open handles when loaded (loggers, clients); the manifest is written.
process.exit(0);

// Prints the tollgate.yaml field table for docs/clouds.md from the zod schema:
//   npx tsx scripts/config-reference.ts
import { deploymentConfigFields } from '../runtime/deployment-fields.js';

process.stdout.write('| field | type | meaning |\n|---|---|---|\n');
for (const f of deploymentConfigFields()) process.stdout.write(`| \`${f.path}\` | ${f.type} | ${f.description} |\n`);

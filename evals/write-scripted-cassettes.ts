/**
 * Writes scripted cassettes for the sample estate: runs the supervisor graph (rightsizer,
 * then SKU advisor) on every finding through the replay server in script mode; cassettes of a
 * prompt version no longer sent are deleted first. Usage: npx tsx evals/write-scripted-cassettes.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectFindings } from '../activities/detect-findings.js';
import { createAgentRuntime, LlmConfigSchema, runSupervisor } from '../agents/index.js';
import { readOnlyView } from '../clouds/provider.js';
import { parseEstate } from '../clouds/sandbox/estate.js';
import { SandboxCloud } from '../clouds/sandbox/sandbox-cloud.js';
import { DEFAULT_POLICY } from '../guardrails/index.js';
import { startReplayServer } from './replay-server.js';
import { scriptAuthor } from './script-author.js';
import { forgetStaleCassettes } from './stale-cassettes.js';

import { SAMPLE_CASSETTES } from './cassette-paths.js';
const estatePath = fileURLToPath(new URL('../clouds/sandbox/fixtures/sample-estate.json', import.meta.url));

for (const file of forgetStaleCassettes(SAMPLE_CASSETTES)) console.log(`stale ${file}: removed`);
const server = await startReplayServer({ cassetteDir: SAMPLE_CASSETTES, mode: 'script', author: scriptAuthor });
try {
  const cloud = readOnlyView(new SandboxCloud(parseEstate(readFileSync(estatePath, 'utf8'), estatePath)));
  const findings = await detectFindings(cloud, DEFAULT_POLICY, new Date().toISOString());
  const runtime = createAgentRuntime(LlmConfigSchema.parse({ baseUrl: server.baseUrl }));
  for (const finding of findings) {
    const result = await runSupervisor(runtime, { cloud }, { finding });
    const action = result.proposal?.action;
    console.log(
      `${finding.resourceId}: ${result.proposal?.source} → ${action && 'toSku' in action ? action.toSku : ''}; advice ${result.skuAdvice?.recommended.id ?? 'none'}`,
    );
  }
  console.log(`${server.requests.length} requests; cassettes in ${SAMPLE_CASSETTES}`);
} finally {
  await server.close();
}

/**
 * Writes the scripted cassettes of every scenario (or those named): runs the fast mode with
 * the model endpoint in script mode, so each miss is answered by the scenario's scripted
 * author and stored labeled `scripted`. Cassettes of a prompt version no longer sent (after a
 * version bump) are deleted first, so the new version's are written in their place.
 * Usage: npx tsx evals/runner/write-cassettes.ts [ID...]
 */
import { relative } from 'node:path';
import { forgetStaleCassettes } from '../stale-cassettes.js';
import { DEFAULT_SUITE, runSuite } from './run-suite.js';
import { cassetteDirOf, loadSuite } from './scenario.js';

const only = process.argv.slice(2);
for (const scenario of loadSuite(DEFAULT_SUITE).filter((s) => only.length === 0 || only.includes(s.id)))
  for (const file of forgetStaleCassettes(cassetteDirOf(scenario))) console.log(`stale ${relative(process.cwd(), file)}: removed`);
const report = await runSuite({ mode: 'fast', model: { mode: 'script' }, ...(only.length ? { only } : {}) });
for (const v of report.verdicts)
  console.log(
    `${v.matched ? 'ok  ' : 'MISS'} ${v.id}: ${v.outcome.finalState} — ${v.outcome.outcome.slice(0, 120)}${v.matched ? '' : `\n     ${v.mismatches.join('; ')}`}`,
  );
console.log(JSON.stringify(report.scores));

/**
 * Writes the scripted cassettes of every scenario (or those named): runs the fast mode with
 * the model endpoint in script mode, so each miss is answered by the scenario's scripted
 * author and stored labeled `scripted`. Usage: npx tsx evals/runner/write-cassettes.ts [ID...]
 */
import { runSuite } from './run-suite.js';

const only = process.argv.slice(2);
const report = await runSuite({ mode: 'fast', model: { mode: 'script' }, ...(only.length ? { only } : {}) });
for (const v of report.verdicts)
  console.log(
    `${v.matched ? 'ok  ' : 'MISS'} ${v.id}: ${v.outcome.finalState} — ${v.outcome.outcome.slice(0, 120)}${v.matched ? '' : `\n     ${v.mismatches.join('; ')}`}`,
  );
console.log(JSON.stringify(report.scores));

import type { CassetteRequest } from '../cassette.js';
import type { ScriptAuthor } from '../replay-server.js';
import { scriptAuthor } from '../script-author.js';
import type { Scenario } from './scenario.js';

/**
 * The scripted model of one scenario: Tollgate's script author, except where the scenario
 * overrides a prompt's answer to play a worse model (hallucinating, obeying injected text).
 * Every answer it writes is stored labeled `scripted`.
 */
export function scenarioAuthor(scenario: Scenario): ScriptAuthor {
  return (request: CassetteRequest) => {
    const careful = scriptAuthor(request);
    const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
    const promptId = /^prompt: ([\w-]+)@/m.exec(system)?.[1] ?? '';
    const override = scenario.model.overrides[promptId];
    // A repair request adds the complaint (holding the rejected answer): more than system + user.
    const firstAttempt = request.messages.length <= 2;
    if (!override || (scenario.model.overrideFirstAttemptOnly && !firstAttempt)) return careful;
    return JSON.stringify({ ...(JSON.parse(careful) as Record<string, unknown>), ...override });
  };
}

import { describeVariants } from '../../core/index.js';
import { fail, pass, type Check } from '../check.js';
import { tagsOf } from '../resource-tags.js';

/**
 * Production takes more approvers (approvalRequirement) and never the action types the policy
 * blocks there. Any variant of the env tag naming a production value makes it production.
 */
export const protectedEnv: Check = {
  name: 'protected-env',
  version: 2,
  appliesTo: () => true,
  run: ({ proposal, resource, policy }) => {
    const tags = tagsOf(resource, policy);
    const production = tags.isProduction;
    const type = proposal.action.type;
    const envTags = tags.agreed(policy.tags.envKey);
    const numbers = { production, action: type };
    const disagreement =
      envTags.kind === 'conflict'
        ? ` (env tags disagree: ${describeVariants(tags.variants(policy.tags.envKey))}; read as ${production ? 'production, the safe reading' : 'non-production: none names a production value'})`
        : '';
    if (production && policy.execution.blockedInProduction.includes(type)) {
      return fail(`${type} is blocked on production resources by execution.blockedInProduction${disagreement}`, numbers);
    }
    return pass(
      (production ? `${type} is permitted in production with ${policy.approvals.requiredForProduction} approvers` : 'not a production resource') + disagreement,
      numbers,
    );
  },
};

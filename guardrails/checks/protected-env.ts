import { fail, pass, type Check } from '../check.js';
import { isProduction } from '../risk.js';

/** Production takes more approvers (approvalRequirement) and never the action types the policy blocks there. */
export const protectedEnv: Check = {
  name: 'protected-env',
  version: 1,
  appliesTo: () => true,
  run: ({ proposal, resource, policy }) => {
    const production = isProduction(resource, policy);
    const type = proposal.action.type;
    const numbers = { production, action: type };
    if (production && policy.execution.blockedInProduction.includes(type)) {
      return fail(`${type} is blocked on production resources by execution.blockedInProduction`, numbers);
    }
    return pass(
      production ? `${type} is permitted in production with ${policy.approvals.requiredForProduction} approvers` : 'not a production resource',
      numbers,
    );
  },
};

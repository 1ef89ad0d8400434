import { fail, pass, type Check } from '../check.js';

/** Only action types the policy names can run; termination and deletion are never implied. */
export const actionAllowed: Check = {
  name: 'action-allowed',
  version: 1,
  appliesTo: () => true,
  run: ({ proposal, policy }) => {
    const allowed = policy.execution.allowedActions;
    const type = proposal.action.type;
    return allowed.includes(type)
      ? pass(`${type} is allowed by the policy`, { action: type })
      : fail(`${type} is not in the policy's allowed actions (${allowed.join(', ')})`, { action: type });
  },
};

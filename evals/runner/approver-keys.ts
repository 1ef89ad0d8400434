import { GeneratedKeyring } from '../../approvals/signing/generated-keyring.js';

/** Each scenario approver gets a key generated when the eval runs; its decisions are signed with it. */
export const evalKeyring = new GeneratedKeyring('eval scenario');

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { formatOpenSshPrivateKey } from '../../approvals/signing/openssh-key.js';
import type { Approval, DecideRequest, PendingView } from '../../core/index.js';
import { decideUpdate } from '../../workflows/messages.js';
import { GeneratedKeyring } from '../../approvals/signing/generated-keyring.js';
import type { Policy } from '../../guardrails/index.js';

// Keys generated for this test process (never committed).
const keyring = new GeneratedKeyring('test');

export const keyPairOf = (approver: string) => keyring.keyPairOf(approver);
export const publicKeyLineOf = (approver: string) => keyring.publicKeyLineOf(approver);
/** The policy with a generated key listed for each of its approvers. */
export const withApproverKeys = (policy: Policy): Policy => keyring.withKeys(policy);
/** A decide payload signed by the approver's generated key for this workflow. */
export const signedDecision = (workflowId: string, decision: DecideRequest, at?: string): DecideRequest => keyring.signed(workflowId, decision, at);
/** A recorded approval with its signature, for guardrail tests that build approvals by hand. */
export const signedApproval = (workflowId: string, approval: Approval): Approval => keyring.signedApproval(workflowId, approval);

/** The same armored signature with one bit of the ed25519 signature flipped: a forgery. */
export function forged(armored: string): string {
  const lines = armored.trim().split('\n');
  const body = Buffer.from(lines.slice(1, -1).join(''), 'base64');
  body[body.length - 5]! ^= 0x01;
  return [lines[0], ...body.toString('base64').match(/.{1,70}/g)!, lines.at(-1)].join('\n');
}

/** Sends the `decide` Update signed by the approver's generated key, as the CLI does with --key. */
export function decideSigned(handle: WorkflowHandle, decision: DecideRequest): Promise<PendingView> {
  return handle.executeUpdate(decideUpdate, { args: [signedDecision(handle.workflowId, decision)] });
}

/** Writes the approver's generated private key as an OpenSSH key file, for `approvals approve --key`. */
export function writeKeyFile(dir: string, approver: string): string {
  const file = join(dir, `${approver}.key`);
  writeFileSync(file, formatOpenSshPrivateKey(keyPairOf(approver)), { mode: 0o600 });
  return file;
}

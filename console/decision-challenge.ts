import { createHash } from 'node:crypto';
import { approvalMessage, type SignedDecision } from '../core/index.js';

/** The WebAuthn challenge of a decision: base64url SHA-256 of its canonical JSON (the same bytes an SSH signature covers). */
export function decisionChallenge(fields: SignedDecision): string {
  return createHash('sha256').update(approvalMessage(fields)).digest('base64url');
}

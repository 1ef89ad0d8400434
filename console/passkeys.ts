import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { passkeyPolicySnippet, passkeyRegistrationOptions, verifyPasskeyRegistration } from '../approvals/passkeys/index.js';
import type { EnrolledPasskey } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';

/** A registration the console verified: it counts once an admin lists it in the policy. */
export interface PasskeyEnrollmentResult {
  credentialId: string;
  /** The enrollment request an admin approves with `tollgate approvals passkeys approve ID`, when one was filed. */
  enrollmentId?: string;
  status: 'pending' | 'approved';
  /** The lines an admin pastes under `approvals.approvers` to approve it (docs/approvals.md, Passkeys). */
  policySnippet: string;
}

/** The console's view of passkey enrollment. */
export interface ConsolePasskeys {
  /** The approver's passkeys an admin approved (listed in the policy) for this console's rp id. */
  approvedPasskeys(approver: string): Promise<EnrolledPasskey[]>;
  /** WebAuthn creation options for a new passkey of this approver (its challenge is checked by `enroll`). */
  registrationOptions(approver: string): Promise<PublicKeyCredentialCreationOptionsJSON>;
  /** Verifies a registration response (challenge, origin, rp id, user verification, key type). */
  enroll(input: { approver: string; response: unknown; expectedChallenge: string }): Promise<PasskeyEnrollmentResult>;
}

/**
 * Enrollment through the policy: a registered passkey is shown as the policy lines an admin
 * pastes; it counts once the policy (read on every call) lists it for this console's rp id.
 */
export function policyPasskeys(
  policy: () => Policy,
  console: { rpId: string; origin: string },
  /** Files the registration for an admin's signed approval (approvals/passkeys/enrollment.ts); returns its id. */
  fileEnrollment?: (approver: string, passkey: EnrolledPasskey) => string,
): ConsolePasskeys {
  const approved = (approver: string): EnrolledPasskey[] => {
    const approvers = policy().approvals.approvers;
    const entry = Object.hasOwn(approvers, approver) ? approvers[approver] : undefined;
    return (entry?.passkeys ?? []).filter((p) => p.rpId === console.rpId);
  };
  return {
    async approvedPasskeys(approver) {
      return approved(approver);
    },
    registrationOptions(approver) {
      return passkeyRegistrationOptions({
        approver,
        rpId: console.rpId,
        rpName: policy().approvals.passkeys.rpName,
        existingCredentialIds: approved(approver).map((p) => p.credentialId),
      });
    },
    async enroll({ approver, response, expectedChallenge }) {
      const registered = await verifyPasskeyRegistration({
        response: response as Parameters<typeof verifyPasskeyRegistration>[0]['response'],
        expectedChallenge,
        expectedOrigin: console.origin,
        rpId: console.rpId,
      });
      const role = policy().approvals.approvers[approver]?.role ?? 'finops';
      const enrolled: EnrolledPasskey = {
        credentialId: registered.credentialId,
        publicKey: registered.publicKey,
        rpId: registered.rpId,
        algorithm: registered.algorithm,
      };
      const listed = approved(approver).some((p) => p.credentialId === registered.credentialId);
      const enrollmentId = listed ? undefined : fileEnrollment?.(approver, enrolled);
      return {
        credentialId: registered.credentialId,
        ...(enrollmentId ? { enrollmentId } : {}),
        status: listed ? 'approved' : 'pending',
        policySnippet: passkeyPolicySnippet(approver, role, enrolled),
      };
    },
  };
}

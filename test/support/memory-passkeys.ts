import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import type { ApprovedPasskey, ConsolePasskeys } from '../../console/passkeys.js';

/** Interim enrollment kept in memory until approvals/passkeys lands: registration verified for real, approval by the test. */
export class MemoryPasskeys implements ConsolePasskeys {
  readonly registered = new Map<string, { approver: string; passkey: ApprovedPasskey; approved: boolean }>();

  approve(credentialId: string): void {
    this.registered.get(credentialId)!.approved = true;
  }

  async approvedPasskeys(approver: string): Promise<ApprovedPasskey[]> {
    return [...this.registered.values()].filter((r) => r.approver === approver && r.approved).map((r) => r.passkey);
  }

  async registeredIds(approver: string): Promise<string[]> {
    return [...this.registered.values()].filter((r) => r.approver === approver).map((r) => r.passkey.id);
  }

  async registrationOptions(approver: string) {
    return generateRegistrationOptions({
      rpName: 'Tollgate',
      rpID: 'localhost',
      userName: approver,
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    }) as unknown as Promise<{ challenge: string } & Record<string, unknown>>;
  }

  async enroll(input: { approver: string; response: unknown; expectedChallenge: string; expectedOrigin: string; rpId: string }) {
    const verified = await verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: input.expectedOrigin,
      expectedRPID: input.rpId,
      requireUserVerification: true,
    });
    if (!verified.verified || !verified.registrationInfo) throw new Error('registration did not verify');
    const { credential } = verified.registrationInfo;
    this.registered.set(credential.id, {
      approver: input.approver,
      passkey: { id: credential.id, publicKey: credential.publicKey, counter: 0 },
      approved: false,
    });
    return { credentialId: credential.id, status: 'pending' as const };
  }
}

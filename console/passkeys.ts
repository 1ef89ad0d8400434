/** A passkey an admin has approved for an approver: what sign-in and decisions may use. */
export interface ApprovedPasskey {
  /** The credential id, base64url. */
  id: string;
  /** The COSE public key. */
  publicKey: Uint8Array;
  counter: number;
  transports?: string[];
}

/** Registration of a new passkey: it waits for an admin's approval before it counts. */
export interface PasskeyEnrollmentResult {
  credentialId: string;
  status: 'pending' | 'approved';
}

/** The console's view of passkey enrollment (approvals/passkeys/); runtime/ supplies it. */
export interface ConsolePasskeys {
  approvedPasskeys(approver: string): Promise<ApprovedPasskey[]>;
  /** Every credential id the approver has registered, approved or not (excluded from a new registration). */
  registeredIds(approver: string): Promise<string[]>;
  /** WebAuthn creation options for a new passkey of this approver (its challenge is checked by `enroll`). */
  registrationOptions(approver: string): Promise<{ challenge: string } & Record<string, unknown>>;
  /** Verifies a registration response and files it as an enrollment request. */
  enroll(input: { approver: string; response: unknown; expectedChallenge: string; expectedOrigin: string; rpId: string }): Promise<PasskeyEnrollmentResult>;
}

import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { EnrolledPasskey } from '../core/index.js';
import { HttpError } from './http-io.js';

/** WebAuthn request options for a sign-in: a random challenge, the approver's approved passkeys, user verification required. */
export function signInOptions(rpId: string, challenge: string, passkeys: readonly EnrolledPasskey[]) {
  return {
    rpId,
    challenge,
    timeout: 120_000,
    userVerification: 'required' as const,
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, type: 'public-key' as const })),
  };
}

/**
 * Checks a sign-in assertion against the approver's approved passkeys: the origin, the rp id, user
 * verification, and the challenge. Any failure is a 403 naming what did not match.
 */
export async function verifyAssertion(input: {
  response: unknown;
  expectedChallenge: string;
  passkeys: readonly EnrolledPasskey[];
  origin: string;
  rpId: string;
}): Promise<EnrolledPasskey> {
  const response = input.response as AuthenticationResponseJSON | undefined;
  if (!response || typeof response !== 'object' || typeof response.id !== 'string')
    throw new HttpError(400, 'response must be the passkey assertion (PublicKeyCredential JSON)');
  const passkey = input.passkeys.find((p) => p.credentialId === response.id);
  if (!passkey) throw new HttpError(403, 'this passkey is not an approved passkey of yours; register it at /enroll and ask an admin to approve it');
  let verified: boolean;
  try {
    ({ verified } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: input.origin,
      expectedRPID: input.rpId,
      requireUserVerification: true,
      // The sign counter is not tracked: synced passkeys report 0 (as core/passkey.ts, for decisions).
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')), counter: 0 },
    }));
  } catch (error) {
    throw new HttpError(403, `the passkey assertion was refused: ${(error as Error).message}`);
  }
  if (!verified) throw new HttpError(403, 'the passkey assertion did not verify');
  return passkey;
}

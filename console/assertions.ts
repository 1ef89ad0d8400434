import { verifyAuthenticationResponse, type AuthenticationResponseJSON, type WebAuthnCredential } from '@simplewebauthn/server';
import { HttpError } from './http-io.js';
import type { ApprovedPasskey } from './passkeys.js';

/** WebAuthn request options for a challenge the server chose (a sign-in nonce or a decision's hash); user verification required. */
export function assertionOptions(rpId: string, challenge: string, passkeys: readonly ApprovedPasskey[]) {
  return {
    rpId,
    challenge,
    timeout: 120_000,
    userVerification: 'required' as const,
    allowCredentials: passkeys.map((p) => ({ id: p.id, type: 'public-key' as const, ...(p.transports ? { transports: p.transports } : {}) })),
  };
}

/**
 * Checks an assertion against the approver's approved passkeys: the origin, the rp id, user
 * verification, and the challenge. Any failure is a 403 naming what did not match.
 */
export async function verifyAssertion(input: {
  response: unknown;
  expectedChallenge: string;
  passkeys: readonly ApprovedPasskey[];
  origin: string;
  rpId: string;
}): Promise<ApprovedPasskey> {
  const response = input.response as AuthenticationResponseJSON | undefined;
  if (!response || typeof response !== 'object' || typeof response.id !== 'string')
    throw new HttpError(400, 'response must be the passkey assertion (PublicKeyCredential JSON)');
  const passkey = input.passkeys.find((p) => p.id === response.id);
  if (!passkey) throw new HttpError(403, 'this passkey is not an approved passkey of yours; register it at /enroll and ask an admin to approve it');
  let verified: boolean;
  try {
    ({ verified } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: input.origin,
      expectedRPID: input.rpId,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        ...(passkey.transports ? { transports: passkey.transports as NonNullable<WebAuthnCredential['transports']> } : {}),
      },
    }));
  } catch (error) {
    throw new HttpError(403, `the passkey assertion was refused: ${(error as Error).message}`);
  }
  if (!verified) throw new HttpError(403, 'the passkey assertion did not verify');
  return passkey;
}

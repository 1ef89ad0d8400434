import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { base64urlEncode, EnrolledPasskeySchema, parseCoseKey, passkeyUserHandle, type EnrolledPasskey } from '../../core/index.js';

// Registering a passkey (WebAuthn "create"): the console asks for options, the browser's
// authenticator makes a key pair, and the response is verified here with @simplewebauthn/server.
// A registered passkey is not trusted yet: it counts once an admin approves it, in the policy or
// with a signed `tollgate approvals passkeys approve` (docs/approvals.md "Passkeys").

/** The algorithms core/passkey.ts verifies: EdDSA (-8) and ES256 (-7). */
export const PASSKEY_ALGORITHMS = [-8, -7];

export interface PasskeyRegistrationRequest {
  approver: string;
  rpId: string;
  rpName: string;
  /** Credentials the approver already has, so the same authenticator is not registered twice. */
  existingCredentialIds?: readonly string[];
}

/** Options for `navigator.credentials.create()` (@simplewebauthn/browser's startRegistration). Keep `challenge` to verify the response. */
export function passkeyRegistrationOptions(request: PasskeyRegistrationRequest): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: request.rpName,
    rpID: request.rpId,
    userName: request.approver,
    userDisplayName: request.approver,
    // The approver's handle is derived from their id, so an assertion's userHandle names them.
    userID: passkeyUserHandle(request.approver) as Uint8Array<ArrayBuffer>,
    attestationType: 'none',
    excludeCredentials: (request.existingCredentialIds ?? []).map((id) => ({ id })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
  });
}

export interface PasskeyRegistrationCheck {
  response: RegistrationResponseJSON;
  /** The `challenge` of the options this response answers (the console keeps it in the sign-up session). */
  expectedChallenge: string;
  expectedOrigin: string | string[];
  rpId: string;
}

export interface RegisteredPasskey extends EnrolledPasskey {
  algorithm: number;
  aaguid: string;
  /** Whether the credential may be synced to other devices (a multi-device passkey). */
  backedUp: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
  transports?: string[];
}

export class PasskeyRegistrationError extends Error {
  override name = 'PasskeyRegistrationError';
}

/**
 * Verifies a registration response: the challenge, origin and rpId, user presence and
 * verification, and that the key is one approvals can verify (ES256 or EdDSA). Throws
 * PasskeyRegistrationError saying what is wrong; returns the passkey to enroll.
 */
export async function verifyPasskeyRegistration(check: PasskeyRegistrationCheck): Promise<RegisteredPasskey> {
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: check.response,
      expectedChallenge: check.expectedChallenge,
      expectedOrigin: check.expectedOrigin,
      expectedRPID: check.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    });
  } catch (error) {
    throw new PasskeyRegistrationError(`the passkey registration was refused: ${(error as Error).message}`);
  }
  if (!verified.verified) throw new PasskeyRegistrationError('the passkey registration did not verify');
  const info = verified.registrationInfo;
  const publicKey = base64urlEncode(info.credential.publicKey);
  let algorithm: number;
  try {
    algorithm = parseCoseKey(info.credential.publicKey).algorithm;
  } catch (error) {
    throw new PasskeyRegistrationError(`the passkey's key cannot sign approvals: ${(error as Error).message}`);
  }
  const passkey = EnrolledPasskeySchema.parse({ credentialId: info.credential.id, publicKey, rpId: check.rpId, algorithm });
  return {
    ...passkey,
    algorithm,
    aaguid: info.aaguid,
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    ...(info.credential.transports ? { transports: [...info.credential.transports] } : {}),
  };
}

import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { passkeyChallenge, PasskeyAssertionSchema, type EnrolledPasskey, type PasskeyAssertion, type SignedDecision } from '../../core/index.js';

// Signing a decision with a passkey (WebAuthn "get"): the console builds these options, the
// browser's authenticator signs, and the response goes into `decide` as `passkey`.

/**
 * Options for `navigator.credentials.get()` (@simplewebauthn/browser's startAuthentication):
 * the challenge is the decision itself, so there is no server-side challenge to keep; the
 * signed fields (with `at`) must be sent unchanged with the assertion.
 */
export function passkeyAssertionOptions(fields: SignedDecision, credentials: readonly EnrolledPasskey[], rpId: string): PublicKeyCredentialRequestOptionsJSON {
  return {
    challenge: passkeyChallenge(fields),
    rpId,
    allowCredentials: credentials.filter((c) => c.rpId === rpId).map((c) => ({ id: c.credentialId, type: 'public-key' as const })),
    userVerification: 'required',
    timeout: 120_000,
  };
}

/** The `passkey` field of `decide` from what @simplewebauthn/browser's startAuthentication returns. Throws when malformed. */
export function passkeyAssertionFromResponse(response: AuthenticationResponseJSON): PasskeyAssertion {
  return PasskeyAssertionSchema.parse({
    credentialId: response.rawId,
    authenticatorData: response.response.authenticatorData,
    clientDataJSON: response.response.clientDataJSON,
    signature: response.response.signature,
    ...(response.response.userHandle ? { userHandle: response.response.userHandle } : {}),
  });
}

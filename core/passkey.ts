import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { approvalMessage, type SignedDecision } from './approval-message.js';
import { base64urlDecode, base64urlEncode, BASE64URL_PATTERN } from './base64url.js';
import { parseCoseKey, verifyCoseSignature } from './cose-key.js';

// A passkey approval (WebAuthn, docs/approvals.md "Passkeys"): the console asks the approver's
// authenticator for an assertion whose challenge is the SHA-256 of the decision's canonical JSON,
// so the assertion signs the same six fields an SSH signature does. Verified here, purely and
// synchronously: the workflow's `decide` validator, authorize() and `audit verify` share it.

const base64url = (min: number, max: number, what: string) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(BASE64URL_PATTERN, `${what} must be base64url without padding`)
    .refine(
      (text) => {
        try {
          base64urlDecode(text);
          return true;
        } catch {
          return false;
        }
      },
      { message: `${what} is not canonical base64url` },
    );

/** What the browser's `navigator.credentials.get()` returns, as base64url fields (the shape @simplewebauthn/browser sends under `response`, flattened). */
export const PasskeyAssertionSchema = z
  .object({
    /** At most 1,023 bytes (WebAuthn §5.1). */
    credentialId: base64url(1, 1364, 'credentialId'),
    /** 37 bytes and up: rpIdHash, flags, signCount, then extensions. */
    authenticatorData: base64url(50, 2048, 'authenticatorData'),
    clientDataJSON: base64url(1, 4096, 'clientDataJSON'),
    /** A DER ECDSA signature (≤ 72 bytes) or an Ed25519 one (64). */
    signature: base64url(1, 200, 'signature'),
    /** At most 64 bytes (WebAuthn §5.4.3). */
    userHandle: base64url(0, 86, 'userHandle').optional(),
  })
  .strict();
export type PasskeyAssertion = z.infer<typeof PasskeyAssertionSchema>;

/** A passkey an admin approved for one approver (in the policy, or by a signed enrollment approval). */
export const EnrolledPasskeySchema = z
  .object({
    credentialId: base64url(1, 1364, 'credentialId'),
    /** The credential's COSE public key, base64url: what registration printed. */
    publicKey: base64url(1, 1024, 'publicKey').superRefine((text, ctx) => {
      try {
        parseCoseKey(base64urlDecode(text));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not a usable passkey public key (${(error as Error).message}); paste what the registration printed` });
      }
    }),
    /** The relying party the credential was registered for (the console's host name). */
    rpId: z.string().min(1).max(253),
    /** COSE algorithm, informative (-7 ES256, -8 EdDSA): the key itself says which. */
    algorithm: z.number().int().optional(),
    label: z.string().max(200).optional(),
    enrolledAt: z.string().max(40).optional(),
  })
  .strict();
export type EnrolledPasskey = z.infer<typeof EnrolledPasskeySchema>;

/** Where assertions may come from: the console's rpId and the exact origins it is served at. */
export const PasskeyRelyingPartySchema = z
  .object({
    rpId: z.string().min(1).max(253),
    origins: z.array(z.string().min(1).max(2048)).min(1),
  })
  .strict();
export type PasskeyRelyingParty = z.infer<typeof PasskeyRelyingPartySchema>;

/** The WebAuthn challenge of a decision: base64url(SHA-256(approvalMessage(fields))). */
export function passkeyChallenge(fields: SignedDecision): string {
  return base64urlEncode(passkeyChallengeBytes(fields));
}

/** The same challenge as bytes, for `navigator.credentials.get({ publicKey: { challenge } })`. */
export function passkeyChallengeBytes(fields: SignedDecision): Uint8Array {
  return sha256(new TextEncoder().encode(approvalMessage(fields)));
}

/** The WebAuthn user handle of an approver: SHA-256 of the id (an id may exceed the 64-byte limit). */
export function passkeyUserHandle(approver: string): Uint8Array {
  return sha256(new TextEncoder().encode(approver));
}

export type PasskeyVerification = { ok: true } | { ok: false; reason: string };

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;

/**
 * Verifies a passkey assertion over `fields`, made by one of `credentials` (the approver's
 * enrolled passkeys), for the relying party. Checks the client data (type, challenge, origin),
 * the authenticator data (rpIdHash, user present and verified) and the signature over
 * authenticatorData ‖ SHA-256(clientDataJSON) with the enrolled COSE key. The sign counter is
 * not checked: it needs state, and passkeys that sync report 0.
 */
export function verifyPasskeyAssertion(
  assertion: PasskeyAssertion,
  fields: SignedDecision,
  credentials: readonly EnrolledPasskey[],
  relyingParty: PasskeyRelyingParty,
): PasskeyVerification {
  const parsed = PasskeyAssertionSchema.safeParse(assertion);
  if (!parsed.success) return refuse(`the passkey assertion is malformed (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  const a = parsed.data;
  const credential = credentials.find((c) => c.credentialId === a.credentialId);
  const shortId = a.credentialId.slice(0, 16);
  if (!credential) return refuse(`passkey ${shortId}… is not a passkey enrolled for ${fields.approver}`);
  if (credential.rpId !== relyingParty.rpId)
    return refuse(`passkey ${shortId}… was registered for ${credential.rpId}, not for this console (${relyingParty.rpId})`);
  if (a.userHandle !== undefined && a.userHandle !== base64urlEncode(passkeyUserHandle(fields.approver)))
    return refuse(`passkey ${shortId}… belongs to another user than ${fields.approver}`);

  const clientDataBytes = base64urlDecode(a.clientDataJSON);
  let clientData: { type?: unknown; challenge?: unknown; origin?: unknown; crossOrigin?: unknown };
  try {
    clientData = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(clientDataBytes)) as typeof clientData;
  } catch {
    return refuse('clientDataJSON is not JSON');
  }
  if (clientData === null || typeof clientData !== 'object') return refuse('clientDataJSON is not a JSON object');
  if (clientData.type !== 'webauthn.get') return refuse(`clientData type is ${JSON.stringify(String(clientData.type)).slice(0, 40)}, not "webauthn.get"`);
  if (clientData.challenge !== passkeyChallenge(fields))
    return refuse('the passkey signed another challenge: it is not over this decision (workflow, proposal hash, decision, approver, reason, time)');
  if (typeof clientData.origin !== 'string' || !relyingParty.origins.includes(clientData.origin))
    return refuse(`origin ${JSON.stringify(String(clientData.origin)).slice(0, 80)} is not one the policy allows (approvals.passkeys.origins)`);
  if (clientData.crossOrigin === true) return refuse('the assertion was made in a cross-origin frame');

  const authData = base64urlDecode(a.authenticatorData);
  if (authData.length < 37) return refuse('authenticatorData is shorter than 37 bytes');
  const rpIdHash = sha256(new TextEncoder().encode(relyingParty.rpId));
  if (!equalBytes(authData.subarray(0, 32), rpIdHash)) return refuse(`authenticatorData is for another relying party than ${relyingParty.rpId}`);
  const flags = authData[32]!;
  if (!(flags & FLAG_USER_PRESENT)) return refuse('the authenticator did not see the user present');
  if (!(flags & FLAG_USER_VERIFIED)) return refuse('the authenticator did not verify the user (PIN or biometric)');

  let key;
  try {
    key = parseCoseKey(base64urlDecode(credential.publicKey));
  } catch (error) {
    return refuse(`passkey ${shortId}…'s enrolled public key is unusable: ${(error as Error).message}`);
  }
  const signed = new Uint8Array(authData.length + 32);
  signed.set(authData);
  signed.set(sha256(clientDataBytes), authData.length);
  return verifyCoseSignature(key, base64urlDecode(a.signature), signed) ? { ok: true } : refuse(`passkey ${shortId}…'s signature does not match this decision`);
}

function refuse(reason: string): PasskeyVerification {
  return { ok: false, reason };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

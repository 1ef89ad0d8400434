// base64url without padding (RFC 4648 §5), as WebAuthn carries every binary field. Written out
// because Temporal's workflow sandbox has no Buffer. Decoding is strict and canonical: one byte
// string has exactly one accepted text, so a changed character never decodes to the same bytes.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  return out.slice(0, out.length - ((3 - (bytes.length % 3)) % 3));
}

/** Throws on padding, `+` or `/`, a stray character, a wrong length or non-zero trailing bits. */
export function base64urlDecode(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new Error('not base64url: wrong length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const c of text) {
    const v = INDEX.get(c);
    if (v === undefined) throw new Error('not base64url: unexpected character');
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) throw new Error('not base64url: non-canonical trailing bits');
  return out;
}

// The SSH wire encoding (RFC 4251 §5) and base64, written out so workflow code can use them:
// Temporal's sandbox has no Buffer and no node:crypto.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

export function base64Encode(bytes: Uint8Array, pad = true): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const missing = (3 - (bytes.length % 3)) % 3;
  const body = out.slice(0, out.length - missing);
  return pad ? body + '='.repeat(missing) : body;
}

/** Strict base64: whitespace ignored, any other stray character refused. */
export function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) throw new Error('not base64: wrong length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const c of clean) {
    const v = B64_INDEX.get(c);
    if (v === undefined) throw new Error('not base64: unexpected character');
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function uint32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/** An SSH `string`: uint32 length, then the bytes. */
export function sshString(value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === 'string' ? utf8(value) : value;
  return concatBytes(uint32(bytes.length), bytes);
}

/** Reads SSH wire fields in order; any overrun throws, so a truncated blob is never half-read. */
export class SshReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  uint32(): number {
    if (this.at + 4 > this.bytes.length) throw new Error('truncated SSH data');
    const b = this.bytes;
    const n = ((b[this.at]! << 24) >>> 0) + (b[this.at + 1]! << 16) + (b[this.at + 2]! << 8) + b[this.at + 3]!;
    this.at += 4;
    return n;
  }

  raw(length: number): Uint8Array {
    if (this.at + length > this.bytes.length) throw new Error('truncated SSH data');
    const out = this.bytes.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }

  string(): Uint8Array {
    return this.raw(this.uint32());
  }

  text(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.string());
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  rest(): Uint8Array {
    return this.raw(this.bytes.length - this.at);
  }
}

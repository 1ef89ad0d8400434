// A CBOR decoder (RFC 8949) for what WebAuthn carries: COSE public keys and attestation objects.
// Definite lengths only (CTAP2's canonical CBOR), bounded depth and size, pure: the workflow's
// validator decodes enrolled COSE keys with it, where no library with I/O may run.

export type CborValue = number | bigint | string | Uint8Array | boolean | null | undefined | CborValue[] | Map<CborValue, CborValue>;

const MAX_DEPTH = 8;
const MAX_ITEMS = 1024;

/** Decodes one CBOR item that fills `bytes` exactly; anything else throws with what is wrong. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const reader = new CborReader(bytes);
  const value = reader.item(0);
  if (reader.at !== bytes.length) throw new Error(`CBOR: ${bytes.length - reader.at} bytes after the item`);
  return value;
}

/** Decodes the first CBOR item and says where it ends (authenticator data carries a COSE key followed by extensions). */
export function decodeCborPrefix(bytes: Uint8Array): { value: CborValue; length: number } {
  const reader = new CborReader(bytes);
  const value = reader.item(0);
  return { value, length: reader.at };
}

class CborReader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  item(depth: number): CborValue {
    if (depth > MAX_DEPTH) throw new Error('CBOR: nested too deeply');
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) return this.simple(info);
    const arg = this.argument(info);
    switch (major) {
      case 0:
        return arg;
      case 1:
        return typeof arg === 'bigint' ? -1n - arg : -1 - arg;
      case 2:
        return this.take(this.count(arg));
      case 3:
        return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.count(arg)));
      case 4: {
        const n = this.count(arg, MAX_ITEMS);
        const out: CborValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.item(depth + 1));
        return out;
      }
      case 5: {
        const n = this.count(arg, MAX_ITEMS);
        const out = new Map<CborValue, CborValue>();
        for (let i = 0; i < n; i++) {
          const key = this.item(depth + 1);
          if (out.has(key)) throw new Error('CBOR: duplicate map key');
          out.set(key, this.item(depth + 1));
        }
        return out;
      }
      default:
        throw new Error('CBOR: tags are not accepted');
    }
  }

  private simple(info: number): CborValue {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    if (info === 23) return undefined;
    throw new Error('CBOR: floats and other simple values are not accepted');
  }

  private argument(info: number): number | bigint {
    if (info < 24) return info;
    if (info === 24) return this.byte();
    if (info === 25) return (this.byte() << 8) | this.byte();
    if (info === 26) return ((this.byte() << 24) >>> 0) + ((this.byte() << 16) | (this.byte() << 8) | this.byte());
    if (info === 27) {
      let n = 0n;
      for (let i = 0; i < 8; i++) n = (n << 8n) | BigInt(this.byte());
      return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
    throw new Error('CBOR: indefinite lengths are not accepted');
  }

  private count(arg: number | bigint, max = this.bytes.length): number {
    if (typeof arg === 'bigint' || arg > max) throw new Error('CBOR: length beyond the data');
    return arg;
  }

  private byte(): number {
    if (this.at >= this.bytes.length) throw new Error('CBOR: truncated');
    return this.bytes[this.at++]!;
  }

  private take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new Error('CBOR: truncated');
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

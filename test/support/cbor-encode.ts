// A CBOR encoder (RFC 8949, canonical definite lengths) for the software authenticator: just the
// types WebAuthn attestation objects and COSE keys use.

export type CborInput = number | string | Uint8Array | CborInput[] | Map<CborInput, CborInput> | { [key: string]: CborInput };

export function encodeCbor(value: CborInput): Uint8Array {
  const out: number[] = [];
  write(value, out);
  return Uint8Array.from(out);
}

function head(major: number, n: number, out: number[]): void {
  if (n < 24) out.push((major << 5) | n);
  else if (n < 0x100) out.push((major << 5) | 24, n);
  else if (n < 0x10000) out.push((major << 5) | 25, n >> 8, n & 0xff);
  else out.push((major << 5) | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

function write(value: CborInput, out: number[]): void {
  if (typeof value === 'number') {
    if (value >= 0) head(0, value, out);
    else head(1, -1 - value, out);
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    head(3, bytes.length, out);
    out.push(...bytes);
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out);
    out.push(...value);
  } else if (Array.isArray(value)) {
    head(4, value.length, out);
    for (const item of value) write(item, out);
  } else {
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    head(5, entries.length, out);
    for (const [k, v] of entries) {
      write(k, out);
      write(v, out);
    }
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../../core/cbor.js';
import { parseCoseKey } from '../../core/index.js';
import { encodeCbor, type CborInput } from '../support/cbor-encode.js';

// The decoder reads COSE keys from policy files and records: arbitrary bytes fail with an Error, never worse.

const cbor: fc.Arbitrary<CborInput> = fc.letrec<{ value: CborInput }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.string({ maxLength: 20 }),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .uniqueArray(fc.tuple(fc.integer({ min: -10, max: 10 }), tie('value')), { maxLength: 4, selector: ([k]) => k })
      .map((e) => new Map<CborInput, CborInput>(e)),
  ),
})).value;

describe('decodeCbor', () => {
  it('round-trips what the encoder writes', () => {
    fc.assert(
      fc.property(cbor, (value) => {
        expect(encodeCbor(decodeCbor(encodeCbor(value)) as CborInput)).toEqual(encodeCbor(value));
      }),
    );
  });

  it('refuses arbitrary bytes with an Error, and parseCoseKey likewise', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const read of [decodeCbor, parseCoseKey]) {
          try {
            read(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

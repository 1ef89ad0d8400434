import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { untrusted } from '../../prompts/index.js';
import { hostileText } from '../support/hostile-text.js';
import { readPrompt } from '../support/untrusted-blocks.js';

/** JSON values whose strings and keys are hostile text: what bill, cloud and model text can be. */
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      hostileText.filter((k) => k !== '__proto__'),
      tie('value'),
      { maxKeys: 3 },
    ),
  ),
})).value;

describe('untrusted()', () => {
  it('gives a block that decodes to the value and nothing outside it, indented or one row per line', () => {
    fc.assert(
      fc.property(valueArb, fc.constantFrom('indented' as const, 'rows' as const), (value, layout) => {
        const read = readPrompt(untrusted('data', value, layout));
        expect(read.outside).toEqual([]);
        expect(read.blocks).toEqual([{ label: 'data', value: JSON.parse(JSON.stringify(value)) as unknown }]);
      }),
      { numRuns: 500 },
    );
  });

  it('writes rows as one compact JSON object per line', () => {
    expect(untrusted('rows', [{ sku: 'a<b' }, { sku: 'c' }], 'rows')).toBe(
      '<untrusted-data label="rows">\n[\n{"sku":"a\\u003cb"},\n{"sku":"c"}\n]\n</untrusted-data>',
    );
  });
});

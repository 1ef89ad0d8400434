import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceUrl } from '../../core/source-url.js';
import { REPO } from '../support/world.js';

const root = pathToFileURL(`${REPO}/`).href;

describe('sourceUrl: data is read from the checkout, compiled or not', () => {
  it('resolves a compiled module path against its place in the sources', () => {
    expect(sourceUrl('../thresholds.json', `${root}dist/evals/runner/gate.js`).href).toBe(`${root}evals/thresholds.json`);
    expect(sourceUrl('../../../shared/data/', `${root}dist/clouds/pricing/data-dir.js`).href).toBe(new URL('../shared/data/', root).href);
  });

  it('leaves a source module path as it is', () => {
    expect(sourceUrl('../thresholds.json', `${root}evals/runner/gate.ts`).href).toBe(`${root}evals/thresholds.json`);
    // A folder merely named dist elsewhere is not the build.
    expect(sourceUrl('./a.json', 'file:///srv/dist/tool/x.js').href).toBe('file:///srv/dist/tool/a.json');
  });
});

/** The checkout: this file is core/source-url.ts, or dist/core/source-url.js once compiled. */
const ROOT = new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url);
const DIST = new URL('dist/', ROOT);

/**
 * Resolves `relative` against a module's place in the source tree. The compiled CLI runs from
 * dist/, which mirrors the sources one level down and holds only JavaScript; the files code
 * reads (policy, sample estate, scenarios, cassettes, scripts, ../shared/data) are read from
 * the checkout, so editing one takes effect without a rebuild (docs/architecture.md).
 */
export function sourceUrl(relative: string, moduleUrl: string): URL {
  const inSources = moduleUrl.startsWith(DIST.href) ? new URL(moduleUrl.slice(DIST.href.length), ROOT) : new URL(moduleUrl);
  return new URL(relative, inSources);
}

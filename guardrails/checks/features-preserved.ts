import type { CatalogEntry, Resource } from '../../core/index.js';
import { catalogEntry, fail, pass, type Check } from '../check.js';

const FEATURES = ['acceleratedNetworking', 'premiumStorage'] as const;
type Feature = (typeof FEATURES)[number];

/**
 * A new size must support what the VM uses: accelerated networking and premium storage
 * (Azure refuses a resize that drops either). When the resource does not say, the
 * current size's support is taken as use, to be safe.
 */
export const featuresPreserved: Check = {
  name: 'features-preserved',
  version: 1,
  appliesTo: (a) => a.type === 'resize',
  run: (ctx) => {
    const action = ctx.proposal.action;
    if (action.type !== 'resize') return pass('not a resize');
    const current = catalogEntry(ctx, ctx.resource.sku);
    const target = catalogEntry(ctx, action.toSku);
    if (!current || !target) return fail('features unknown: size missing from the catalog');
    const needed = FEATURES.filter((f) => uses(ctx.resource, current, f));
    const numbers = Object.fromEntries(
      FEATURES.flatMap((f) => [
        [`${f}Needed`, needed.includes(f)],
        [`${f}OnTarget`, target[f] ?? null],
      ]),
    );
    const lost = needed.filter((f) => target[f] !== true);
    return lost.length === 0
      ? pass(needed.length ? `${target.sku} supports ${needed.join(' and ')}` : 'no special features in use', numbers)
      : fail(`${target.sku} does not support ${lost.join(' and ')}, which the VM uses`, numbers);
  },
};

function uses(resource: Resource, current: CatalogEntry, feature: Feature): boolean {
  return resource.uses?.[feature] ?? current[feature] === true;
}

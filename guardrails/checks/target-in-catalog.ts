import { catalogEntry, fail, pass, type Check } from '../check.js';

/** An agent may not invent a SKU: the target must exist in the provider's catalog for the region. */
export const targetInCatalog: Check = {
  name: 'target-in-catalog',
  version: 1,
  appliesTo: (a) => a.type === 'resize',
  run: (ctx) => {
    const action = ctx.proposal.action;
    if (action.type !== 'resize') return pass('not a resize', {});
    const target = catalogEntry(ctx, action.toSku);
    if (!target) return fail(`target ${action.toSku} is not in the ${ctx.resource.provider} catalog for ${ctx.resource.region}`, { toSku: action.toSku });
    if (action.fromSku !== ctx.resource.sku) {
      return fail(`proposal starts from ${action.fromSku} but the resource is ${ctx.resource.sku}`, { fromSku: action.fromSku, actualSku: ctx.resource.sku });
    }
    return pass(`${target.sku} exists (${target.vcpu} vCPU, ${target.memoryGiB} GiB, catalog ${target.catalogDate})`, {
      toSku: target.sku,
      catalogDate: target.catalogDate,
    });
  },
};

import { catalogEntry, fail, pass, type Check } from '../check.js';

/** x86 ↔ ARM and GPU changes are proposals for people, never something Tollgate applies. */
export const architectureUnchanged: Check = {
  name: 'architecture-unchanged',
  version: 1,
  appliesTo: (a) => a.type === 'resize',
  run: (ctx) => {
    const action = ctx.proposal.action;
    if (action.type !== 'resize') return pass('not a resize', {});
    const current = catalogEntry(ctx, ctx.resource.sku);
    const target = catalogEntry(ctx, action.toSku);
    if (!current || !target) return fail('architecture unknown: size missing from the catalog', {});
    const numbers = { from: current.architecture, to: target.architecture, fromGpu: current.gpu, toGpu: target.gpu };
    if (current.architecture !== target.architecture)
      return { passed: false, reason: `architecture change ${current.architecture} → ${target.architecture} is a proposal only`, numbers };
    if (current.gpu > 0 || target.gpu > 0) return { passed: false, reason: 'GPU sizes are proposals only', numbers };
    return { passed: true, reason: `same architecture (${current.architecture}), no GPU`, numbers };
  },
};

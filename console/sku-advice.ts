import { z } from 'zod';
import { html, type Html } from './html.js';
import { money } from './layout.js';

/**
 * The SKU and purchase-option advice the propose step recorded (agents/sku-advisor.ts). The
 * record keeps it as given, so it is read leniently here and shown only if it has this shape.
 */
const OptionSchema = z.looseObject({
  id: z.string(),
  sku: z.string(),
  family: z.string().optional(),
  architecture: z.string().optional(),
  purchase: z.string(),
  monthlyUsd: z.number(),
  basis: z.string().optional(),
  caveat: z.string().optional(),
});
export const SkuAdviceViewSchema = z.looseObject({
  plannedSku: z.string(),
  recommended: OptionSchema,
  architectureChange: z.boolean().optional(),
  options: z.array(OptionSchema),
  rationale: z.string(),
  source: z.string().optional(),
});
export type SkuAdviceView = z.infer<typeof SkuAdviceViewSchema>;

export function readSkuAdvice(raw: unknown): SkuAdviceView | undefined {
  const parsed = SkuAdviceViewSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function skuAdviceSection(advice: SkuAdviceView): Html {
  return html`<section class="advice">
    <h2>SKU and purchase-option advice <small>(advice only: never executed)</small></h2>
    <p>
      Planned size <code>${advice.plannedSku}</code>; recommended <strong>${advice.recommended.sku} · ${advice.recommended.purchase}</strong> at
      ${money(advice.recommended.monthlyUsd)}/month${advice.architectureChange ? ' (architecture change: a human decides)' : ''}.
    </p>
    <blockquote class="untrusted">${advice.rationale}</blockquote>
    <table>
      <thead>
        <tr>
          <th>Option</th>
          <th>SKU</th>
          <th>Family</th>
          <th>Buy as</th>
          <th>$/month</th>
          <th>Basis</th>
          <th>Caveat</th>
        </tr>
      </thead>
      <tbody>
        ${advice.options.map(
          (o) =>
            html`<tr${o.id === advice.recommended.id ? html` class="recommended"` : ''}><td>${o.id}</td><td>${o.sku}</td><td>${o.family ?? ''}${o.architecture ? ` (${o.architecture})` : ''}</td><td>${o.purchase}</td><td class="num">${money(o.monthlyUsd)}</td><td>${o.basis ?? ''}</td><td>${o.caveat ?? ''}</td></tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

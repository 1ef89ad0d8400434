import { z } from 'zod';

/** USD per million tokens. */
export const ModelPriceSchema = z.object({ input: z.number(), output: z.number(), cachedInput: z.number() });

export const LlmConfigSchema = z.object({
  provider: z.enum(['openai-compatible', 'none']).default('openai-compatible'),
  baseUrl: z.string().url().optional(),
  apiKey: z.string().default('not-needed'),
  model: z.string().default('gpt-4o-mini'),
  timeoutMs: z.number().int().positive().default(30_000),
  prices: z.record(z.string(), ModelPriceSchema).default({
    'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
    'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  }),
});
export type LlmConfig = z.infer<typeof LlmConfigSchema>;

export interface TokenUsage {
  input: number;
  output: number;
  cached: number;
}

export function costOf(config: LlmConfig, model: string, tokens: TokenUsage): number {
  const price = config.prices[model];
  if (!price) return 0;
  const fresh = Math.max(0, tokens.input - tokens.cached);
  return (fresh * price.input + tokens.cached * price.cachedInput + tokens.output * price.output) / 1_000_000;
}

import { z } from 'zod';

/** USD per million tokens. */
export const ModelPriceSchema = z.object({ input: z.number(), output: z.number(), cachedInput: z.number() });

/** The agents Tollgate runs; each has its own route, budget and tool set. */
export const AgentIdSchema = z.enum(['anomaly-enricher', 'rightsizer', 'sku-advisor']);
export type AgentId = z.infer<typeof AgentIdSchema>;

/**
 * A small model by default; the large one only for a repair after a failed validation or
 * for findings worth more than `escalateAboveUsd` a month.
 */
export const ModelRouteSchema = z.object({
  small: z.string(),
  large: z.string(),
  escalateAboveUsd: z.number().nonnegative().default(1000),
  /** This agent's caps; absent: the config's, else derived from each prompt's answer schema. */
  maxOutputTokens: z.number().int().positive().optional(),
  maxInputTokens: z.number().int().positive().optional(),
});
export type ModelRoute = z.infer<typeof ModelRouteSchema>;

export const AgentBudgetSchema = z.object({
  id: z.string().optional(),
  dailyUsd: z.number().nonnegative(),
  weeklyUsd: z.number().nonnegative(),
  perRunUsd: z.number().nonnegative(),
});
export type AgentBudget = z.infer<typeof AgentBudgetSchema>;

export const AzureSettingsSchema = z.object({
  /** e.g. https://my-resource.openai.azure.com; or give instanceName instead. */
  endpoint: z.string().url().optional(),
  instanceName: z.string().optional(),
  apiVersion: z.string().default('2024-10-21'),
  /** model name → deployment name; a model without an entry is its own deployment name. */
  deployments: z.record(z.string(), z.string()).default({}),
});

/**
 * How a structured answer is asked for. json_object: JSON mode; json_schema: the answer's JSON
 * Schema as response_format; functionCalling: one forced tool call whose arguments are the
 * answer; auto: the first of json_schema, functionCalling, json_object the endpoint accepts.
 */
export const ResponseFormatSchema = z.enum(['json_object', 'json_schema', 'functionCalling', 'auto']);
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

/** Settings of one model endpoint; a model listed under `models` may live on another one. */
const EndpointFields = {
  responseFormat: ResponseFormatSchema.optional(),
  /** Requests in flight at once: a local server has one or few slots; more only queue there. */
  concurrency: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  maxInputTokens: z.number().int().positive().optional(),
};
export const ModelEndpointSchema = z.object({ baseUrl: z.string().url().optional(), ...EndpointFields }).strict();
export type ModelEndpoint = z.infer<typeof ModelEndpointSchema>;

export const LlmConfigSchema = z.object({
  /**
   * openai: api.openai.com; azure-openai: Azure OpenAI deployments; openai-compatible: any
   * base URL (Ollama, vLLM); replay: the evals/ replay server; none: deterministic templates only.
   */
  provider: z.enum(['openai', 'azure-openai', 'openai-compatible', 'replay', 'none']).default('openai-compatible'),
  baseUrl: z.string().url().optional(),
  apiKey: z.string().default('not-needed'),
  /** The small default model of every agent unless `routes` says otherwise. */
  model: z.string().default('gpt-4o-mini'),
  largeModel: z.string().default('gpt-4o'),
  escalateAboveUsd: z.number().nonnegative().default(1000),
  routes: z.record(z.string(), ModelRouteSchema).default({}),
  /** `largest` sends everything to the large model: the anchor the routing bench compares against. */
  strategy: z.enum(['routed', 'largest']).default('routed'),
  azure: AzureSettingsSchema.optional(),
  /** One attempt may take this long; the finding's budget below bounds all of its attempts. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Every model call of one finding (enrich, propose, advice, repairs, queueing) within this. */
  findingTimeoutMs: z.number().int().positive().default(120_000),
  responseFormat: ResponseFormatSchema.default('json_object'),
  concurrency: z.number().int().positive().default(4),
  /** Output cap of every call unless a route or model says less; absent: from the answer schema. */
  maxOutputTokens: z.number().int().positive().optional(),
  /** Prompts estimated above this are not sent: the template answers instead. */
  maxInputTokens: z.number().int().positive().default(8_000),
  /** Per model: its endpoint (default baseUrl), format, slots and caps. */
  models: z.record(z.string(), ModelEndpointSchema).default({}),
  prices: z.record(z.string(), ModelPriceSchema).default({
    'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
    'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
    'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
    'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  }),
  defaultBudget: AgentBudgetSchema.default({ dailyUsd: 5, weeklyUsd: 25, perRunUsd: 2 }),
  budgets: z.record(z.string(), AgentBudgetSchema).default({}),
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

export function routeFor(config: LlmConfig, agentId: AgentId): ModelRoute {
  return config.routes[agentId] ?? { small: config.model, large: config.largeModel, escalateAboveUsd: config.escalateAboveUsd };
}

export function budgetFor(config: LlmConfig, agentId: AgentId): AgentBudget & { id: string } {
  const budget = config.budgets[agentId] ?? config.defaultBudget;
  return { ...budget, id: budget.id ?? `agents/${agentId}` };
}

/** Where a model is served and how: the model's own entry over the config's defaults. */
export interface ResolvedEndpoint {
  baseUrl: string | undefined;
  responseFormat: ResponseFormat;
  concurrency: number;
}

export function endpointFor(config: LlmConfig, model: string): ResolvedEndpoint {
  const own = config.models[model] ?? {};
  return {
    baseUrl: own.baseUrl ?? config.baseUrl,
    responseFormat: own.responseFormat ?? config.responseFormat,
    concurrency: own.concurrency ?? config.concurrency,
  };
}

/** The tightest of the model's, the agent's and the config's caps; `derived` when none is set. */
export function callLimitsFor(config: LlmConfig, agentId: AgentId, model: string, derivedOutput: number): { maxOutputTokens: number; maxInputTokens: number } {
  const route = config.routes[agentId];
  const own = config.models[model];
  const output = [own?.maxOutputTokens, route?.maxOutputTokens ?? config.maxOutputTokens ?? derivedOutput].filter((n): n is number => n !== undefined);
  const input = [own?.maxInputTokens, route?.maxInputTokens ?? config.maxInputTokens].filter((n): n is number => n !== undefined);
  return { maxOutputTokens: Math.min(...output), maxInputTokens: Math.min(...input) };
}

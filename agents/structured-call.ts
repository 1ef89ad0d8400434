import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { z } from 'zod';
import { digestOf } from '../core/index.js';
import { promptHash, type PromptTemplate } from '../prompts/index.js';
import { budgetStatus, revokeIfOverspent } from './agent-budget.js';
import type { AgentRuntime } from './agent-runtime.js';
import { recordCallSpan } from './call-telemetry.js';
import type { LlmCall } from './llm-call.js';
import { budgetFor, costOf, routeFor, type AgentId, type TokenUsage } from './model-config.js';
import { firstModel, repairModel, type ModelChoice } from './model-router.js';
import { cacheKey } from './response-cache.js';

export type { LlmCall } from './llm-call.js';

export interface StructuredAnswer<T> {
  value: T | undefined;
  calls: LlmCall[];
}

/** Who asks, about what, and how much the finding is worth (which decides the model). */
export interface AskContext {
  agentId: AgentId;
  findingId: string;
  findingUsd: number;
  owner: string;
}

const NO_TOKENS: TokenUsage = { input: 0, output: 0, cached: 0 };

/**
 * Asks for JSON and validates it with zod (unknown fields dropped). The budget is checked
 * first; the router picks the model; a validated answer may come from the cache. An invalid
 * answer gets one repair attempt on the large model; after that the caller falls back.
 * Every attempt, including a refused one, is recorded (ledger, span, returned calls).
 */
export async function askForJson<Facts, Schema extends z.ZodType>(
  runtime: AgentRuntime,
  context: AskContext,
  template: PromptTemplate<Facts>,
  facts: Facts,
  schema: Schema,
): Promise<StructuredAnswer<z.infer<Schema>>> {
  const { config } = runtime;
  if (config.provider === 'none') return { value: undefined, calls: [] };
  const route = routeFor(config, context.agentId);
  const messages: BaseMessage[] = [new SystemMessage(template.system), new HumanMessage(template.render(facts))];
  const calls: LlmCall[] = [];
  const record = (call: LlmCall, startedAt: number) => {
    calls.push(call);
    recordCallSpan(runtime.tracer, call, startedAt, Date.now());
    runtime.ledger?.record({ ...call, at: runtime.clock() });
    if (runtime.ledger && call.costUsd > 0) revokeIfOverspent(runtime.ledger, config, context.agentId, runtime.runId, runtime.clock());
  };
  const base = (choice: ModelChoice, attempt: LlmCall['attempt']) => ({
    agentId: context.agentId,
    runId: runtime.runId,
    findingId: context.findingId,
    owner: context.owner,
    budgetId: budgetFor(config, context.agentId).id,
    promptId: template.id,
    promptVersion: template.version,
    promptHash: promptHash(template),
    model: choice.model,
    routeReason: choice.reason,
    attempt,
  });

  for (const attempt of ['first', 'repair'] as const) {
    const choice = attempt === 'first' ? firstModel(config, route, context.findingUsd) : repairModel(config, route);
    const startedAt = Date.now();
    if (runtime.ledger) {
      const status = budgetStatus(runtime.ledger, config, context.agentId, runtime.runId, runtime.clock());
      if (status.state !== 'active') {
        record(
          { ...base(choice, attempt), routeReason: 'budget', tokens: NO_TOKENS, costUsd: 0, cacheHit: false, outcome: status.state, problem: status.reason },
          startedAt,
        );
        return { value: undefined, calls };
      }
    }
    const keyParts = {
      promptId: template.id,
      promptVersion: template.version,
      model: choice.model,
      inputDigest: digestOf(messages.map((m) => [m.type, m.content])),
    };
    const key = cacheKey(keyParts);
    const cached = runtime.cache?.get(key);
    if (cached !== undefined) {
      const hit = validate(cached, schema);
      if (hit.ok) {
        record({ ...base(choice, attempt), tokens: NO_TOKENS, costUsd: 0, cacheHit: true, outcome: 'valid' }, startedAt);
        return { value: hit.value, calls };
      }
    }
    const client = runtime.modelFor(choice.model)!;
    let reply: AIMessage;
    try {
      reply = await client.invoke(messages);
    } catch (error) {
      record(
        { ...base(choice, attempt), tokens: NO_TOKENS, costUsd: 0, cacheHit: false, outcome: 'error', problem: clip((error as Error).message) },
        startedAt,
      );
      return { value: undefined, calls };
    }
    const tokens = usageOf(reply);
    const text = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
    const result = validate(text, schema);
    const costUsd = costOf(config, choice.model, tokens);
    if (result.ok) {
      record({ ...base(choice, attempt), tokens, costUsd, cacheHit: false, outcome: 'valid' }, startedAt);
      runtime.cache?.put(key, keyParts, text, runtime.clock());
      return { value: result.value, calls };
    }
    record({ ...base(choice, attempt), tokens, costUsd, cacheHit: false, outcome: 'invalid', problem: clip(result.problem) }, startedAt);
    messages.push(
      new AIMessage(text),
      new HumanMessage(`Your answer was not valid: ${result.problem}. Reply with the JSON object only, exactly as specified.`),
    );
  }
  return { value: undefined, calls };
}

function validate<Schema extends z.ZodType>(text: string, schema: Schema): { ok: true; value: z.infer<Schema> } | { ok: false; problem: string } {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problem: parsed.error };
  const result = schema.safeParse(parsed.value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

function usageOf(reply: AIMessage): TokenUsage {
  const usage = reply.usage_metadata;
  return { input: usage?.input_tokens ?? 0, output: usage?.output_tokens ?? 0, cached: usage?.input_token_details?.cache_read ?? 0 };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch (error) {
    return { ok: false, error: `not JSON (${(error as Error).message})` };
  }
}

function clip(text: string): string {
  return text.slice(0, 500);
}

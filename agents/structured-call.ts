import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { z } from 'zod';
import { digestOf } from '../core/index.js';
import { promptHash, type PromptTemplate } from '../prompts/index.js';
import { budgetStatus, revokeIfOverspent } from './agent-budget.js';
import type { AgentRuntime } from './agent-runtime.js';
import { recordCallSpan } from './call-telemetry.js';
import { endpointName } from './chat-model.js';
import { slotsFor } from './endpoint-slots.js';
import { fallbackReasonOf, type FallbackReason, type LlmCall } from './llm-call.js';
import { attemptOnce, type AttemptResult } from './model-attempt.js';
import { budgetFor, callLimitsFor, costOf, endpointFor, routeFor, type AgentId, type TokenUsage } from './model-config.js';
import { firstModel, repairModel, type ModelChoice } from './model-router.js';
import { estimateInputTokens, outputTokenCapFor } from './output-cap.js';
import { cutAnswerRequest, invalidAnswerRequest, type AnswerProblem } from './repair-request.js';
import { formatFor, nextAutoFormat, rememberFormat, type ConcreteFormat } from './response-format.js';
import { cacheKey } from './response-cache.js';

export type { LlmCall } from './llm-call.js';

export interface StructuredAnswer<T> {
  value: T | undefined;
  calls: LlmCall[];
  /** Why the caller must use its template; absent when `value` is the model's answer. */
  fallback?: FallbackReason;
}

/** Who asks, about what, and how much the finding is worth (which decides the model). */
export interface AskContext {
  agentId: AgentId;
  findingId: string;
  findingUsd: number;
  owner: string;
}

const NO_TOKENS: TokenUsage = { input: 0, output: 0, cached: 0 };
/** Less time than this left in the finding's budget: no request could finish, so none is sent. */
const MIN_USEFUL_MS = 500;

/**
 * Asks for JSON and validates it with zod (unknown fields dropped). The budget is checked
 * first; the router picks the model; a validated answer may come from the cache. Every request
 * carries an output cap (max_tokens) and is refused before sending when the prompt is over the
 * input cap. A completion cut at the cap is never parsed: like an invalid answer, it gets one
 * repair attempt on the large model; after that the caller falls back to its template. A
 * timeout ends the asking: the endpoint is slow or full, and the finding's time budget bounds
 * all of its calls. Every attempt, including a refused or timed-out one, is recorded (ledger,
 * span, returned calls) and counts against the agent's budget.
 */
export async function askForJson<Facts, Schema extends z.ZodType>(
  runtime: AgentRuntime,
  context: AskContext,
  template: PromptTemplate<Facts>,
  facts: Facts,
  schema: Schema,
): Promise<StructuredAnswer<z.infer<Schema>>> {
  const { config } = runtime;
  if (config.provider === 'none') return { value: undefined, calls: [], fallback: 'no-model' };
  const route = routeFor(config, context.agentId);
  const derivedCap = outputTokenCapFor(schema);
  const deadline = runtime.deadlineFor(context.findingId);
  const original: BaseMessage[] = [new SystemMessage(template.system), new HumanMessage(template.render(facts))];
  let messages = original;
  const calls: LlmCall[] = [];
  const record = (call: LlmCall, startedAt: number) => {
    const endedAt = Date.now();
    call.durationMs = endedAt - startedAt;
    calls.push(call);
    recordCallSpan(runtime.tracer, call, startedAt, endedAt, config.provider);
    runtime.ledger?.record({ ...call, at: runtime.clock() });
    if (runtime.ledger && call.costUsd > 0) revokeIfOverspent(runtime.ledger, config, context.agentId, runtime.runId, runtime.clock());
  };
  const fallBack = (): StructuredAnswer<z.infer<Schema>> => {
    const last = calls.at(-1);
    const reason = fallbackReasonOf(last);
    if (last)
      runtime.ledger?.recordFallback({
        at: runtime.clock(),
        agentId: context.agentId,
        model: last.model,
        runId: runtime.runId,
        findingId: context.findingId,
        promptId: template.id,
        reason,
      });
    return { value: undefined, calls, fallback: reason };
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

  for (const step of ['first', 'repair'] as const) {
    const choice = step === 'first' ? firstModel(config, route, context.findingUsd) : repairModel(config, route);
    const startedAt = Date.now();
    if (runtime.ledger) {
      const status = budgetStatus(runtime.ledger, config, context.agentId, runtime.runId, runtime.clock());
      if (status.state !== 'active') {
        record(
          { ...base(choice, step), routeReason: 'budget', tokens: NO_TOKENS, costUsd: 0, cacheHit: false, outcome: status.state, problem: status.reason },
          startedAt,
        );
        return fallBack();
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
        record({ ...base(choice, step), tokens: NO_TOKENS, costUsd: 0, cacheHit: true, outcome: 'valid' }, startedAt);
        return { value: hit.value, calls };
      }
    }
    const limits = callLimitsFor(config, context.agentId, choice.model, derivedCap);
    const inputEstimate = estimateInputTokens(messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))));
    if (inputEstimate > limits.maxInputTokens) {
      record(
        {
          ...base(choice, step),
          tokens: NO_TOKENS,
          costUsd: 0,
          cacheHit: false,
          outcome: 'too-large',
          problem: `prompt of about ${inputEstimate} tokens is over the input cap of ${limits.maxInputTokens} for ${context.agentId} on ${choice.model}; nothing sent`,
        },
        startedAt,
      );
      // The large model may allow a larger prompt; the same prompt goes there, unchanged.
      continue;
    }
    if (deadline - Date.now() < MIN_USEFUL_MS) {
      record(
        {
          ...base(choice, step),
          tokens: NO_TOKENS,
          costUsd: 0,
          cacheHit: false,
          outcome: 'timeout',
          problem: `the finding's ${config.findingTimeoutMs} ms time budget is spent; nothing sent`,
        },
        startedAt,
      );
      return fallBack();
    }
    const endpoint = endpointName(config, choice.model);
    const configured = endpointFor(config, choice.model).responseFormat;
    const client = runtime.modelFor(choice.model, limits.maxOutputTokens)!;
    const slots = slotsFor(endpoint, endpointFor(config, choice.model).concurrency);
    let format: ConcreteFormat = formatFor(endpoint, configured);
    let attemptLabel: LlmCall['attempt'] = step;
    let retried = false;
    let result: AttemptResult;
    let sentAt = startedAt;
    for (;;) {
      result = await attemptOnce({ client, messages, format, promptId: template.id, schema, slots, timeoutMs: config.timeoutMs, deadline });
      const callBase = { ...base(choice, attemptLabel), maxOutputTokens: limits.maxOutputTokens, responseFormat: format, cacheHit: false };
      if (result.kind !== 'failed') break;
      const next = configured === 'auto' && result.formatRefused ? nextAutoFormat(format) : undefined;
      const problem = result.formatRefused
        ? `endpoint ${endpoint} (model ${choice.model}) refused response format ${format} (HTTP ${result.status}: ${clip(result.message, 200)}); ${
            next ? `trying ${next}` : 'set responseFormat to one it supports (json_object, json_schema, functionCalling) in the agents config, or auto'
          }`
        : `endpoint ${endpoint} (model ${choice.model}) failed${result.status ? ` with HTTP ${result.status}` : ''}: ${clip(result.message, 300)}`;
      const outcome = result.tooLarge ? 'too-large' : 'error';
      record({ ...callBase, tokens: NO_TOKENS, costUsd: 0, outcome, problem }, sentAt);
      sentAt = Date.now();
      if (next) {
        format = next;
        continue;
      }
      // One more try only where it can help: a refused connection or a busy/rate-limited server.
      if (result.retryable && !retried && Date.now() < deadline) {
        retried = true;
        attemptLabel = 'retry';
        continue;
      }
      if (result.tooLarge) break;
      return fallBack();
    }
    if (result.kind === 'failed') continue;
    const callBase = { ...base(choice, attemptLabel), maxOutputTokens: limits.maxOutputTokens, responseFormat: format, cacheHit: false };
    if (result.kind === 'timeout') {
      // Billed as if the whole cap was generated: a hosted API charges for what it produced.
      const tokens = result.during === 'answer' ? { input: inputEstimate, output: limits.maxOutputTokens, cached: 0 } : NO_TOKENS;
      record(
        {
          ...callBase,
          tokens,
          costUsd: costOf(config, choice.model, tokens),
          outcome: 'timeout',
          tokensEstimated: result.during === 'answer',
          problem:
            result.during === 'slot'
              ? `no free slot at ${endpoint} before the finding's ${config.findingTimeoutMs} ms budget ran out; nothing sent`
              : `no answer from ${endpoint} (model ${choice.model}) within ${result.afterMs} ms`,
        },
        sentAt,
      );
      return fallBack();
    }
    if (configured === 'auto') rememberFormat(endpoint, format);
    const { tokens, text, finishReason } = result;
    const costUsd = costOf(config, choice.model, tokens);
    const withReason = { ...callBase, tokens, costUsd, ...(finishReason ? { finishReason } : {}) };
    if (finishReason === 'length') {
      record({ ...withReason, outcome: 'cut', problem: `completion cut at the output cap of ${limits.maxOutputTokens} tokens; not parsed` }, sentAt);
      // The cut text is not sent back: it may be long, and only its length is the problem.
      messages = [...original, new HumanMessage(cutAnswerRequest(limits.maxOutputTokens))];
      continue;
    }
    const parsed = validate(text, schema);
    if (parsed.ok) {
      record({ ...withReason, outcome: 'valid' }, sentAt);
      runtime.cache?.put(key, keyParts, text, runtime.clock());
      return { value: parsed.value, calls };
    }
    record({ ...withReason, outcome: 'invalid', problem: clip(problemText(parsed.problems)) }, sentAt);
    // The answer and the problems quoting it go back as data only (agents/repair-request.ts).
    messages = [...original, new HumanMessage(invalidAnswerRequest(text, parsed.problems))];
  }
  return fallBack();
}

function validate<Schema extends z.ZodType>(text: string, schema: Schema): { ok: true; value: z.infer<Schema> } | { ok: false; problems: AnswerProblem[] } {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problems: [{ at: '(root)', problem: parsed.error }] };
  const result = schema.safeParse(parsed.value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.map((i) => ({ at: i.path.join('.') || '(root)', problem: i.message })) };
}

/** The problems in one line, for the call's record (never for a prompt). */
function problemText(problems: readonly AnswerProblem[]): string {
  return problems.map((p) => `${p.at}: ${p.problem}`).join('; ');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch (error) {
    return { ok: false, error: `not JSON (${(error as Error).message})` };
  }
}

function clip(text: string, max = 500): string {
  return text.slice(0, max);
}

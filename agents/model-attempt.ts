import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { ChatOpenAI } from '@langchain/openai';
import type { z } from 'zod';
import type { EndpointSlots } from './endpoint-slots.js';
import type { TokenUsage } from './model-config.js';
import { answerTextOf, callOptionsFor, type ConcreteFormat } from './response-format.js';

/** One HTTP request to a model endpoint, as structured-call.ts judges it. */
export type AttemptResult =
  | { kind: 'answer'; text: string; tokens: TokenUsage; finishReason: string | undefined }
  /** `slot`: the finding's budget ran out while waiting for a free slot; nothing was sent. */
  | { kind: 'timeout'; during: 'slot' | 'answer'; afterMs: number }
  | { kind: 'failed'; status: number | undefined; message: string; retryable: boolean; formatRefused: boolean; tooLarge: boolean };

export interface AttemptRequest {
  client: ChatOpenAI;
  messages: BaseMessage[];
  format: ConcreteFormat;
  promptId: string;
  schema: z.ZodType;
  slots: EndpointSlots;
  /** Per-request limit (the config's timeoutMs). */
  timeoutMs: number;
  /** The finding's deadline (ms epoch): no request runs past it. */
  deadline: number;
}

/** HTTP statuses where asking again, a moment later, can get a different answer. */
const TRANSIENT = new Set([408, 409, 429, 502, 503, 504]);
/** Statuses an endpoint gives a request shape it does not support (llama.cpp answers 500 to json_schema). */
const REFUSAL = new Set([400, 404, 415, 422, 500, 501]);

/**
 * Waits for a slot of the endpoint (bounded by the finding's deadline), sends one request with
 * max_tokens already on the client, and classifies what came back. Never throws.
 */
export async function attemptOnce(request: AttemptRequest): Promise<AttemptResult> {
  const started = Date.now();
  const release = await request.slots.acquire(request.deadline);
  if (!release) return { kind: 'timeout', during: 'slot', afterMs: Date.now() - started };
  const limitMs = Math.max(1, Math.min(request.timeoutMs, request.deadline - Date.now(), 2 ** 31 - 1));
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), limitMs);
  try {
    const options = { ...callOptionsFor(request.format, request.promptId, request.schema), signal: abort.signal };
    const reply = (await request.client.invoke(request.messages, options)) as AIMessage;
    return { kind: 'answer', text: answerTextOf(request.format, reply), tokens: usageOf(reply), finishReason: finishReasonOf(reply) };
  } catch (error) {
    if (abort.signal.aborted || (error as Error).name === 'TimeoutError') return { kind: 'timeout', during: 'answer', afterMs: Date.now() - started };
    return classify(error);
  } finally {
    clearTimeout(timer);
    release();
  }
}

function classify(error: unknown): AttemptResult {
  const e = error as { status?: unknown; message?: unknown; name?: unknown; lc_error_code?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const tooLarge = e.name === 'ContextOverflowError' || /context (length|window)|too many tokens|exceeds? .*context/i.test(message);
  // No status: the connection failed (refused, reset) before any answer, worth one more try.
  const retryable = !tooLarge && (status === undefined ? /connect|ECONN|socket|network|fetch failed/i.test(message) : TRANSIENT.has(status));
  return { kind: 'failed', status, message, retryable, formatRefused: !tooLarge && status !== undefined && REFUSAL.has(status), tooLarge };
}

function usageOf(reply: AIMessage): TokenUsage {
  const usage = reply.usage_metadata;
  return { input: usage?.input_tokens ?? 0, output: usage?.output_tokens ?? 0, cached: usage?.input_token_details?.cache_read ?? 0 };
}

function finishReasonOf(reply: AIMessage): string | undefined {
  const reason = (reply.response_metadata as { finish_reason?: unknown } | undefined)?.finish_reason;
  return typeof reason === 'string' ? reason : undefined;
}

import { HumanMessage, SystemMessage, type AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatOpenAI } from '@langchain/openai';
import type { z } from 'zod';
import { promptHash, type PromptTemplate } from '../prompts/index.js';
import { costOf, type LlmConfig, type TokenUsage } from './model-config.js';

/** One model call as the audit log records it. */
export interface LlmCall {
  promptId: string;
  promptVersion: string;
  promptHash: string;
  model: string;
  tokens: TokenUsage;
  costUsd: number;
  attempt: 'first' | 'repair';
  outcome: 'valid' | 'invalid' | 'error';
  problem?: string;
}

export interface StructuredAnswer<T> {
  value: T | undefined;
  calls: LlmCall[];
}

/**
 * Asks for JSON and validates it with zod (unknown fields dropped). An invalid answer gets
 * one repair attempt that shows the model its error; after that the caller falls back.
 */
export async function askForJson<Facts, Schema extends z.ZodType>(
  model: ChatOpenAI,
  config: LlmConfig,
  template: PromptTemplate<Facts>,
  facts: Facts,
  schema: Schema,
): Promise<StructuredAnswer<z.infer<Schema>>> {
  const messages: BaseMessage[] = [new SystemMessage(template.system), new HumanMessage(template.render(facts))];
  const calls: LlmCall[] = [];
  for (const attempt of ['first', 'repair'] as const) {
    let reply: AIMessage;
    try {
      reply = await model.invoke(messages);
    } catch (error) {
      calls.push(callRecord(config, template, attempt, { input: 0, output: 0, cached: 0 }, 'error', (error as Error).message));
      return { value: undefined, calls };
    }
    const tokens = usageOf(reply);
    const text = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
    const parsed = parseJson(text);
    const result = parsed.ok ? schema.safeParse(parsed.value) : undefined;
    if (result?.success) {
      calls.push(callRecord(config, template, attempt, tokens, 'valid'));
      return { value: result.data, calls };
    }
    const problem = parsed.ok ? (result?.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? 'invalid') : parsed.error;
    calls.push(callRecord(config, template, attempt, tokens, 'invalid', problem));
    messages.push(reply, new HumanMessage(`Your answer was not valid: ${problem}. Reply with the JSON object only, exactly as specified.`));
  }
  return { value: undefined, calls };
}

function callRecord(
  config: LlmConfig,
  template: PromptTemplate<never>,
  attempt: LlmCall['attempt'],
  tokens: TokenUsage,
  outcome: LlmCall['outcome'],
  problem?: string,
): LlmCall {
  return {
    promptId: template.id,
    promptVersion: template.version,
    promptHash: promptHash(template),
    model: config.model,
    tokens,
    costUsd: costOf(config, config.model, tokens),
    attempt,
    outcome,
    ...(problem ? { problem: problem.slice(0, 500) } : {}),
  };
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

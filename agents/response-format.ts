import type { AIMessage } from '@langchain/core/messages';
import { z } from 'zod';
import type { ResponseFormat } from './model-config.js';

export type ConcreteFormat = Exclude<ResponseFormat, 'auto'>;

/** `auto` tries these in order and keeps the first an endpoint accepts. */
export const AUTO_ORDER: readonly ConcreteFormat[] = ['json_schema', 'functionCalling', 'json_object'];

const detected = new Map<string, ConcreteFormat>();

/** The format to send to an endpoint now: the configured one, or the one `auto` settled on. */
export function formatFor(endpoint: string, configured: ResponseFormat): ConcreteFormat {
  if (configured !== 'auto') return configured;
  return detected.get(endpoint) ?? AUTO_ORDER[0]!;
}

/** `auto` after a refusal: the next format to try, or undefined when every one was refused. */
export function nextAutoFormat(refused: ConcreteFormat): ConcreteFormat | undefined {
  return AUTO_ORDER[AUTO_ORDER.indexOf(refused) + 1];
}

export function rememberFormat(endpoint: string, format: ConcreteFormat): void {
  detected.set(endpoint, format);
}

/** What `auto` found for an endpoint in this process, for `agents spend` and errors. */
export function detectedFormat(endpoint: string): ConcreteFormat | undefined {
  return detected.get(endpoint);
}

/**
 * The answer's JSON Schema as sent to the endpoint: without the draft marker some servers refuse,
 * and without length bounds, which llama.cpp turns into a grammar too large to build (a 2,000
 * character string is 2,000 nested optional rules). The output cap bounds the length instead, and
 * the zod schema still checks every bound on the answer.
 */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  return withoutLengthBounds(rest) as Record<string, unknown>;
}

const LENGTH_BOUNDS = new Set(['maxLength', 'minLength', 'maxItems', 'minItems']);

function withoutLengthBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLengthBounds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).flatMap(([key, value]) => (LENGTH_BOUNDS.has(key) ? [] : [[key, withoutLengthBounds(value)]])));
}

/** A tool name OpenAI accepts, from the prompt id. */
export function answerToolName(promptId: string): string {
  return `answer_${promptId.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

/** The call options that ask for a structured answer in `format`. */
export function callOptionsFor(format: ConcreteFormat, promptId: string, schema: z.ZodType): Record<string, unknown> {
  const name = answerToolName(promptId);
  switch (format) {
    case 'json_object':
      return { response_format: { type: 'json_object' } };
    case 'json_schema':
      return { response_format: { type: 'json_schema', json_schema: { name, strict: false, schema: jsonSchemaOf(schema) } } };
    case 'functionCalling':
      return {
        tools: [{ type: 'function', function: { name, description: 'Submit the answer.', parameters: jsonSchemaOf(schema) } }],
        tool_choice: { type: 'function', function: { name } },
      };
  }
}

/**
 * The answer's raw text: the message content, or the forced tool call's arguments exactly as
 * the model wrote them (validated by the caller like any other answer, never trusted).
 */
export function answerTextOf(format: ConcreteFormat, reply: AIMessage): string {
  if (format === 'functionCalling') {
    const raw = (reply.additional_kwargs?.tool_calls as { function?: { arguments?: string } }[] | undefined)?.[0]?.function?.arguments;
    if (typeof raw === 'string') return raw;
  }
  return typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
}

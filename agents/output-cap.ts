import { z } from 'zod';

/** Characters per token of JSON prose, on the low side so a cap never cuts a valid answer. */
const CHARS_PER_TOKEN = 3;
/** Braces, quotes, whitespace and the odd token the model adds around its answer. */
const SLACK_TOKENS = 32;
/** A string or array the schema leaves unbounded is given this much room. */
const UNBOUNDED_STRING_CHARS = 500;
const UNBOUNDED_ITEMS = 10;

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  maxItems?: number;
};

/**
 * The default output cap of a prompt: the tokens of the longest answer its zod schema allows
 * (every string at its maxLength). A completion longer than that cannot be valid, so it is cut
 * there instead of rambling on at the caller's expense.
 */
export function outputTokenCapFor(schema: z.ZodType): number {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema;
  } catch {
    json = {};
  }
  return Math.ceil(longestChars(json) / CHARS_PER_TOKEN) + SLACK_TOKENS;
}

function longestChars(schema: JsonSchema): number {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return Math.max(0, ...variants.map(longestChars));
  if (schema.enum) return Math.max(4, ...schema.enum.map((v) => JSON.stringify(v).length));
  if (schema.const !== undefined) return JSON.stringify(schema.const).length;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return (schema.maxLength ?? UNBOUNDED_STRING_CHARS) + 2;
    case 'number':
    case 'integer':
      return 24;
    case 'boolean':
    case 'null':
      return 5;
    case 'array':
      return 2 + (schema.maxItems ?? UNBOUNDED_ITEMS) * (longestChars(schema.items ?? {}) + 2);
    case 'object':
      return 2 + Object.entries(schema.properties ?? {}).reduce((n, [key, value]) => n + key.length + 4 + longestChars(value), 0);
    default:
      return UNBOUNDED_STRING_CHARS;
  }
}

/** A prompt's size in tokens, estimated high (3 characters a token) so the check errs on refusing. */
export function estimateInputTokens(texts: readonly string[]): number {
  return Math.ceil(texts.reduce((n, t) => n + t.length, 0) / CHARS_PER_TOKEN);
}

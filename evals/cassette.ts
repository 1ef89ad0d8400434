import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { digestOf } from '../core/index.js';

/**
 * A stored completion. `label` says where it came from: `recorded` from a real model,
 * `scripted` written by Tollgate's deterministic script author, never by a model.
 */
export const CassetteSchema = z.object({
  key: z.string(),
  label: z.enum(['recorded', 'scripted']),
  request: z.object({ model: z.string(), messages: z.array(z.object({ role: z.string(), content: z.string() })), responseFormat: z.unknown().optional() }),
  response: z.object({
    content: z.string(),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    cachedTokens: z.number().int().default(0),
    /** The model never stops: it writes `content` over and over until max_tokens, or forever without it. */
    endless: z.boolean().optional(),
    /** A slow model: the answer comes after completionTokens (capped at max_tokens) / tokensPerSecond seconds. */
    tokensPerSecond: z.number().positive().optional(),
  }),
});
export type Cassette = z.infer<typeof CassetteSchema>;
export type CassetteRequest = Cassette['request'];

/** The request fields that decide the answer; sampling knobs and transport details are left out. */
export function requestKey(request: CassetteRequest): string {
  return digestOf({ model: request.model, messages: request.messages, responseFormat: request.responseFormat ?? null });
}

export function toCassetteRequest(body: unknown): CassetteRequest {
  const b = body as { model?: unknown; messages?: { role?: unknown; content?: unknown }[]; response_format?: unknown };
  if (typeof b.model !== 'string' || !Array.isArray(b.messages)) throw new Error('request has no model or messages');
  const tool = forcedToolOf(body);
  return {
    model: b.model,
    messages: b.messages.map((m) => ({ role: String(m.role), content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) })),
    // A forced tool call is the answer's format too (functionCalling); it keys like response_format.
    ...(tool ? { responseFormat: { type: 'function', name: tool } } : b.response_format === undefined ? {} : { responseFormat: b.response_format }),
  };
}

/** The tool a request forces (`tool_choice` naming one function), whose arguments are the answer. */
export function forcedToolOf(body: unknown): string | undefined {
  const choice = (body as { tool_choice?: { type?: unknown; function?: { name?: unknown } } }).tool_choice;
  return choice?.type === 'function' && typeof choice.function?.name === 'string' ? choice.function.name : undefined;
}

export class CassetteLibrary {
  private readonly byKey = new Map<string, Cassette>();

  constructor(private readonly dir: string) {
    if (!existsSync(dir)) return;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const parsed = CassetteSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(`${join(dir, file)}: not a cassette (${parsed.error.issues[0]?.message})`);
      this.byKey.set(parsed.data.key, parsed.data);
    }
  }

  get(key: string): Cassette | undefined {
    return this.byKey.get(key);
  }

  all(): Cassette[] {
    return [...this.byKey.values()];
  }

  save(cassette: Cassette): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, `${cassette.key.slice(0, 24)}.json`), `${JSON.stringify(cassette, null, 2)}\n`);
    this.byKey.set(cassette.key, cassette);
  }
}

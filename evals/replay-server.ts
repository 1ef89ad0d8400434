import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CassetteLibrary, forcedToolOf, requestKey, toCassetteRequest, type Cassette, type CassetteRequest } from './cassette.js';
import { missReport } from './miss-report.js';

/** A scripted answer with behaviour: a model that never stops, or one that writes slowly. */
export interface ScriptedAnswer {
  content: string;
  endless?: boolean;
  tokensPerSecond?: number;
}

/** Writes a scripted answer for a request the library does not hold (script mode only). */
export type ScriptAuthor = (request: CassetteRequest) => string | ScriptedAnswer;

/** The ways of asking for structured output that a real server may not support. */
export type RequestFormat = 'json_object' | 'json_schema' | 'functionCalling';

/** A real OpenAI-compatible endpoint that record mode forwards misses to. */
export interface Upstream {
  baseUrl: string;
  apiKey?: string;
}

/**
 * replay: cassettes only, a miss fails with a readable diff. script: a miss is answered by
 * the script author (labeled `scripted`). record: a miss is forwarded to the upstream and
 * its answer stored (labeled `recorded`).
 */
export interface ReplayServerOptions {
  cassetteDir: string;
  mode: 'replay' | 'script' | 'record';
  author?: ScriptAuthor;
  upstream?: Upstream;
  port?: number;
  /** Answer these formats with HTTP 500, as llama.cpp's server answers json_schema. */
  refuse?: readonly RequestFormat[];
}

export interface RunningReplayServer {
  baseUrl: string;
  requests: CassetteRequest[];
  /** max_tokens of each request, in order (undefined: none sent). */
  maxTokens: (number | undefined)[];
  misses: number;
  /** The most requests it was answering at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat-completions endpoint on loopback that answers from cassettes,
 * keyed by a hash of the request, so the real @langchain/openai client path runs in tests.
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<RunningReplayServer> {
  const library = new CassetteLibrary(options.cassetteDir);
  const state = { requests: [] as CassetteRequest[], maxTokens: [] as (number | undefined)[], misses: 0, inFlight: 0, maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: { message: (error as Error).message, type: 'replay_server_error' } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Azure clients add ?api-version=…; the path decides the route.
    const path = req.url?.split('?')[0] ?? '';
    if (req.method !== 'POST' || !path.endsWith('/chat/completions'))
      return send(res, 404, { error: { message: `replay server: no route ${req.method} ${req.url}` } });
    const raw = await body(req);
    const parsed = JSON.parse(raw) as { max_tokens?: unknown; response_format?: unknown; tool_choice?: unknown };
    const request = toCassetteRequest(parsed);
    state.requests.push(request);
    const maxTokens = typeof parsed.max_tokens === 'number' ? parsed.max_tokens : undefined;
    state.maxTokens.push(maxTokens);
    const format = formatOf(parsed);
    if (format && options.refuse?.includes(format))
      return send(res, 500, { error: { message: `replay server: response format ${format} is not supported`, type: 'server_error' } });
    const key = requestKey(request);
    let cassette = library.get(key);
    if (!cassette && options.mode === 'script' && options.author) {
      cassette = scripted(key, request, options.author(request));
      library.save(cassette);
    }
    if (!cassette && options.mode === 'record') {
      if (!options.upstream) return send(res, 500, { error: { message: 'record mode needs an upstream endpoint', type: 'replay_server_error' } });
      const answer = await forward(options.upstream, raw);
      if (answer.status !== 200) return send(res, answer.status, answer.payload);
      cassette = recorded(key, request, answer.payload);
      library.save(cassette);
    }
    if (!cassette) {
      state.misses += 1;
      return send(res, 404, { error: { message: `replay miss for request ${key.slice(0, 12)}\n${missReport(request, library.all())}`, type: 'replay_miss' } });
    }
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    try {
      await answer(req, res, cassette, maxTokens, forcedToolOf(parsed));
    } finally {
      state.inFlight -= 1;
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get maxTokens() {
      return state.maxTokens;
    },
    get misses() {
      return state.misses;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // An endless answer holds its connection open; closing the server ends it.
        server.closeAllConnections();
      }),
  };
}

function scripted(key: string, request: CassetteRequest, written: string | ScriptedAnswer): Cassette {
  const { content, ...behaviour } = typeof written === 'string' ? { content: written } : written;
  const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0);
  return {
    key,
    label: 'scripted',
    request,
    response: { content, promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(content.length / 4), cachedTokens: 0, ...behaviour },
  };
}

function formatOf(body: { response_format?: unknown; tool_choice?: unknown }): RequestFormat | undefined {
  if (forcedToolOf(body)) return 'functionCalling';
  const type = (body.response_format as { type?: unknown } | undefined)?.type;
  return type === 'json_object' || type === 'json_schema' ? type : undefined;
}

const CHARS_PER_TOKEN = 4;

/**
 * Answers as a real server would: a completion longer than max_tokens is cut there
 * (finish_reason `length`); an endless one without max_tokens never finishes, so the request
 * hangs until the client gives up; a slow one takes its time.
 */
async function answer(req: IncomingMessage, res: ServerResponse, cassette: Cassette, maxTokens: number | undefined, tool: string | undefined): Promise<void> {
  const { response } = cassette;
  if (response.endless && maxTokens === undefined) {
    await new Promise<void>((resolve) => res.on('close', () => resolve()));
    return;
  }
  const wanted = response.endless ? Number.POSITIVE_INFINITY : response.completionTokens;
  const cut = maxTokens !== undefined && wanted > maxTokens;
  const tokens = cut ? maxTokens : response.completionTokens;
  const content = cut
    ? response.content.repeat(Math.ceil((tokens * CHARS_PER_TOKEN) / Math.max(1, response.content.length))).slice(0, tokens * CHARS_PER_TOKEN)
    : response.content;
  if (response.tokensPerSecond) {
    const closed = await delay((tokens / response.tokensPerSecond) * 1000, res);
    if (closed) return;
  }
  send(res, 200, completion(cassette, { content, completionTokens: tokens, finishReason: cut ? 'length' : tool ? 'tool_calls' : 'stop', tool }));
}

/** Waits, or stops early when the client hangs up; true if it did. */
function delay(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    res.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function forward(upstream: Upstream, raw: string): Promise<{ status: number; payload: unknown }> {
  const response = await fetch(`${upstream.baseUrl.replace(/\/$/, '')}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(upstream.apiKey ? { authorization: `Bearer ${upstream.apiKey}` } : {}) },
    body: raw,
  });
  const text = await response.text();
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = { error: { message: `upstream answered ${response.status} with non-JSON: ${text.slice(0, 200)}`, type: 'upstream_error' } };
  }
  return { status: response.status, payload };
}

/** Keeps what replay needs from a real completion: the text and the token counts. */
function recorded(key: string, request: CassetteRequest, payload: unknown): Cassette {
  const p = payload as {
    choices?: { message?: { content?: string | null; tool_calls?: { function?: { arguments?: string } }[] } }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } };
  };
  const message = p.choices?.[0]?.message;
  const content = message?.tool_calls?.[0]?.function?.arguments ?? message?.content;
  if (typeof content !== 'string') throw new Error('upstream completion has no message content to record');
  return {
    key,
    label: 'recorded',
    request,
    response: {
      content,
      promptTokens: p.usage?.prompt_tokens ?? 0,
      completionTokens: p.usage?.completion_tokens ?? 0,
      cachedTokens: p.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    },
  };
}

function completion(cassette: Cassette, out: { content: string; completionTokens: number; finishReason: string; tool: string | undefined }) {
  const { response } = cassette;
  const message = out.tool
    ? {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: `call_replay_${cassette.key.slice(0, 8)}`, type: 'function', function: { name: out.tool, arguments: out.content } }],
      }
    : { role: 'assistant', content: out.content };
  return {
    id: `chatcmpl-replay-${cassette.key.slice(0, 16)}`,
    object: 'chat.completion',
    created: 0,
    model: cassette.request.model,
    choices: [{ index: 0, message, finish_reason: out.finishReason, logprobs: null }],
    usage: {
      prompt_tokens: response.promptTokens,
      completion_tokens: out.completionTokens,
      total_tokens: response.promptTokens + out.completionTokens,
      prompt_tokens_details: { cached_tokens: response.cachedTokens },
    },
  };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

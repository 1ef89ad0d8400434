import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CassetteLibrary, requestKey, toCassetteRequest, type Cassette, type CassetteRequest } from './cassette.js';
import { missReport } from './miss-report.js';

/** Writes a scripted answer for a request the library does not hold (script mode only). */
export type ScriptAuthor = (request: CassetteRequest) => string;

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
}

export interface RunningReplayServer {
  baseUrl: string;
  requests: CassetteRequest[];
  misses: number;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat-completions endpoint on loopback that answers from cassettes,
 * keyed by a hash of the request, so the real @langchain/openai client path runs in tests.
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<RunningReplayServer> {
  const library = new CassetteLibrary(options.cassetteDir);
  const state = { requests: [] as CassetteRequest[], misses: 0 };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: { message: (error as Error).message, type: 'replay_server_error' } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Azure clients add ?api-version=…; the path decides the route.
    const path = req.url?.split('?')[0] ?? '';
    if (req.method !== 'POST' || !path.endsWith('/chat/completions'))
      return send(res, 404, { error: { message: `replay server: no route ${req.method} ${req.url}` } });
    const raw = await body(req);
    const request = toCassetteRequest(JSON.parse(raw));
    state.requests.push(request);
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
    send(res, 200, completion(cassette));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get misses() {
      return state.misses;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function scripted(key: string, request: CassetteRequest, content: string): Cassette {
  const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0);
  return {
    key,
    label: 'scripted',
    request,
    response: { content, promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(content.length / 4), cachedTokens: 0 },
  };
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
    choices?: { message?: { content?: string | null } }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } };
  };
  const content = p.choices?.[0]?.message?.content;
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

function completion(cassette: Cassette) {
  const { response } = cassette;
  return {
    id: `chatcmpl-replay-${cassette.key.slice(0, 16)}`,
    object: 'chat.completion',
    created: 0,
    model: cassette.request.model,
    choices: [{ index: 0, message: { role: 'assistant', content: response.content }, finish_reason: 'stop', logprobs: null }],
    usage: {
      prompt_tokens: response.promptTokens,
      completion_tokens: response.completionTokens,
      total_tokens: response.promptTokens + response.completionTokens,
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

import type { Tracer } from '@opentelemetry/api';
import type { ChatOpenAI } from '@langchain/openai';
import { defaultTracer } from './call-telemetry.js';
import { createChatModel } from './chat-model.js';
import type { LlmConfig } from './model-config.js';
import type { ResponseCache } from './response-cache.js';
import type { SpendLedger } from './spend-ledger.js';

/** Everything an agent needs besides its tools: models, cache, ledger, tracer, clock, run id. */
export interface AgentRuntime {
  config: LlmConfig;
  runId: string;
  clock: () => string;
  tracer: Tracer;
  cache?: ResponseCache;
  ledger?: SpendLedger;
  /** undefined when the provider is `none`: agents then use their deterministic templates. */
  modelFor(name: string): ChatOpenAI | undefined;
}

export interface RuntimeOptions {
  runId?: string;
  clock?: () => string;
  tracer?: Tracer;
  cache?: ResponseCache;
  ledger?: SpendLedger;
}

export function createAgentRuntime(config: LlmConfig, options: RuntimeOptions = {}): AgentRuntime {
  const clients = new Map<string, ChatOpenAI | undefined>();
  return {
    config,
    runId: options.runId ?? 'adhoc',
    clock: options.clock ?? (() => new Date().toISOString()),
    tracer: options.tracer ?? defaultTracer(),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.ledger ? { ledger: options.ledger } : {}),
    modelFor(name) {
      if (!clients.has(name)) clients.set(name, createChatModel(config, name));
      return clients.get(name);
    },
  };
}

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
  modelFor(name: string, maxTokens?: number): ChatOpenAI | undefined;
  /** When every model call of this finding must be done (ms epoch); set by its first call. */
  deadlineFor(findingId: string): number;
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
  const deadlines = new Map<string, number>();
  return {
    config,
    runId: options.runId ?? 'adhoc',
    clock: options.clock ?? (() => new Date().toISOString()),
    tracer: options.tracer ?? defaultTracer(),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.ledger ? { ledger: options.ledger } : {}),
    modelFor(name, maxTokens) {
      const key = `${name}\u0000${maxTokens ?? ''}`;
      if (!clients.has(key)) clients.set(key, createChatModel(config, name, maxTokens ? { maxTokens } : {}));
      return clients.get(key);
    },
    deadlineFor(findingId) {
      let deadline = deadlines.get(findingId);
      if (deadline === undefined) {
        deadline = Date.now() + config.findingTimeoutMs;
        deadlines.set(findingId, deadline);
      }
      return deadline;
    },
  };
}

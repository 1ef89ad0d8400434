import { SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { LlmCall } from './llm-call.js';
import type { LlmConfig } from './model-config.js';

export const AGENTS_TRACER = 'tollgate-agents';

export function defaultTracer(): Tracer {
  return trace.getTracer(AGENTS_TRACER);
}

/**
 * One span per model call (or refused call), with the same numbers the audit log gets, so
 * agent spend can be charted next to the cloud bill in any OpenTelemetry backend.
 */
export function recordCallSpan(tracer: Tracer, call: LlmCall, startedAt: number, endedAt: number, provider?: LlmConfig['provider']): void {
  const span = tracer.startSpan('tollgate.agent.llm_call', { startTime: startedAt });
  const system = genAiSystem(provider);
  span.setAttributes({
    'gen_ai.operation.name': 'chat',
    // gen_ai.system was renamed gen_ai.provider.name in later conventions; backends read either.
    ...(system ? { 'gen_ai.system': system, 'gen_ai.provider.name': system, 'tollgate.llm.provider': provider } : {}),
    'gen_ai.request.model': call.model,
    'gen_ai.usage.input_tokens': call.tokens.input,
    'gen_ai.usage.output_tokens': call.tokens.output,
    'tollgate.llm.cached_tokens': call.tokens.cached,
    'tollgate.llm.cost_usd': call.costUsd,
    'tollgate.llm.attempt': call.attempt,
    'tollgate.llm.outcome': call.outcome,
    'tollgate.llm.cache_hit': call.cacheHit,
    'tollgate.llm.route_reason': call.routeReason,
    'tollgate.agent.id': call.agentId,
    'tollgate.owner': call.owner,
    'tollgate.budget.id': call.budgetId,
    'tollgate.prompt.id': call.promptId,
    'tollgate.prompt.version': call.promptVersion,
    'tollgate.finding.id': call.findingId,
    'tollgate.run.id': call.runId,
  });
  if (call.outcome !== 'valid') span.setStatus({ code: SpanStatusCode.ERROR, message: call.problem ?? call.outcome });
  span.end(endedAt);
}

/**
 * The semantic conventions name the API spoken, not the host: an OpenAI-compatible server
 * (Ollama, vLLM, the replay server) speaks `openai`; tollgate.llm.provider keeps the configured kind.
 */
function genAiSystem(provider: LlmConfig['provider'] | undefined): string | undefined {
  if (provider === undefined || provider === 'none') return undefined;
  return provider === 'azure-openai' ? 'azure.ai.openai' : 'openai';
}

import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import { endpointFor, type LlmConfig } from './model-config.js';

/** JSON mode: the answer is parsed and validated, never executed. */
const JSON_MODE = { response_format: { type: 'json_object' } };

export interface ChatModelOptions {
  /** Sent as max_tokens: the completion stops there (finish_reason `length`). */
  maxTokens?: number;
}

/**
 * The one place a chat client is built. `replay` and `openai-compatible` both point the
 * OpenAI client at a base URL (the evals/ replay server, Ollama, vLLM, llama.cpp); a model
 * listed under `models` may name its own. `azure-openai` maps the model name to a deployment.
 * `none` has no client: callers use their templates. The client never retries on its own:
 * structured-call.ts decides what a retry can help and counts every attempt.
 */
export function createChatModel(config: LlmConfig, model: string = config.model, options: ChatModelOptions = {}): ChatOpenAI | undefined {
  const endpoint = endpointFor(config, model);
  const common = {
    temperature: 0,
    maxRetries: 0,
    timeout: config.timeoutMs,
    ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
    // Other formats are sent per call (structured-call.ts); JSON mode stays on the client.
    ...(endpoint.responseFormat === 'json_object' ? { modelKwargs: JSON_MODE } : {}),
  };
  switch (config.provider) {
    case 'none':
      return undefined;
    case 'azure-openai': {
      const azure = config.azure;
      if (!azure?.endpoint && !azure?.instanceName) throw new Error('provider azure-openai needs azure.endpoint or azure.instanceName in the LLM config');
      return new AzureChatOpenAI({
        ...common,
        model,
        azureOpenAIApiKey: config.apiKey,
        azureOpenAIApiDeploymentName: azure.deployments[model] ?? model,
        azureOpenAIApiVersion: azure.apiVersion,
        ...(azure.endpoint ? { azureOpenAIEndpoint: azure.endpoint } : { azureOpenAIApiInstanceName: azure.instanceName }),
      });
    }
    case 'openai':
      return new ChatOpenAI({ ...common, model, apiKey: config.apiKey, configuration: endpoint.baseUrl ? { baseURL: endpoint.baseUrl } : {} });
    case 'replay':
    case 'openai-compatible':
      if (!endpoint.baseUrl) throw new Error(`provider ${config.provider} needs baseUrl (e.g. http://127.0.0.1:11434/v1 for Ollama)`);
      return new ChatOpenAI({ ...common, model, apiKey: config.apiKey, configuration: { baseURL: endpoint.baseUrl } });
  }
}

/** What names an endpoint in errors and slot counts: its base URL, or the provider's own. */
export function endpointName(config: LlmConfig, model: string): string {
  const endpoint = endpointFor(config, model);
  if (endpoint.baseUrl) return endpoint.baseUrl;
  if (config.provider === 'azure-openai') return config.azure?.endpoint ?? `azure:${config.azure?.instanceName ?? '?'}`;
  return `${config.provider}:default`;
}

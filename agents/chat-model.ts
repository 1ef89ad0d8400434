import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { LlmConfig } from './model-config.js';

/** JSON mode on every call: the answer is parsed and validated, never executed. */
const JSON_MODE = { response_format: { type: 'json_object' } };

/**
 * The one place a chat client is built. `replay` and `openai-compatible` both point the
 * OpenAI client at a base URL (the evals/ replay server, Ollama, vLLM); `azure-openai`
 * maps the model name to a deployment. `none` has no client: callers use their templates.
 */
export function createChatModel(config: LlmConfig, model: string = config.model): ChatOpenAI | undefined {
  const common = { temperature: 0, maxRetries: 1, timeout: config.timeoutMs, modelKwargs: JSON_MODE };
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
      return new ChatOpenAI({ ...common, model, apiKey: config.apiKey, configuration: config.baseUrl ? { baseURL: config.baseUrl } : {} });
    case 'replay':
    case 'openai-compatible':
      if (!config.baseUrl) throw new Error(`provider ${config.provider} needs baseUrl (e.g. http://127.0.0.1:11434/v1 for Ollama)`);
      return new ChatOpenAI({ ...common, model, apiKey: config.apiKey, configuration: { baseURL: config.baseUrl } });
  }
}

import { ChatOpenAI } from '@langchain/openai';
import type { LlmConfig } from './model-config.js';

/** The one place a chat client is built: any OpenAI-compatible endpoint, including the replay server. */
export function createChatModel(config: LlmConfig): ChatOpenAI {
  return new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey,
    temperature: 0,
    maxRetries: 1,
    timeout: config.timeoutMs,
    configuration: config.baseUrl ? { baseURL: config.baseUrl } : {},
    modelKwargs: { response_format: { type: 'json_object' } },
  });
}

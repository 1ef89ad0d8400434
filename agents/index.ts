export * from './model-config.js';
export * from './chat-model.js';
export * from './structured-call.js';
export * from './rightsizing-graph.js';
export type { LlmConfig as AgentsConfig } from './model-config.js';

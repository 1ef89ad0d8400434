export * from './registration.js';
export * from './assertion.js';
export * from './policy-snippet.js';

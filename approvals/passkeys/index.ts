export * from './registration.js';
export * from './assertion.js';
export * from './policy-snippet.js';
export * from './enrollment.js';
export * from './enrollment-proof.js';

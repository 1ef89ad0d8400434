export * from './approver-identity.js';
export * from './blocks.js';
export * from './budget-alert-blocks.js';
export * from './off-hours-firing-blocks.js';
export * from './routing.js';
export * from './slack-approvals.js';
export * from './temporal-gateway.js';
export * from './slack-notifier.js';

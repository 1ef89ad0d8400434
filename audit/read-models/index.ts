/**
 * Read models over the decision log: what the workers, the commands and the report need to
 * know, each read from records' typed outputs (core/step-outputs.ts), never from outcome text.
 */
export * from './run-state.js';
export * from './off-hours.js';
export * from './budget-alerts.js';
export * from './outcomes.js';

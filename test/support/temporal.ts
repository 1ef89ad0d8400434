// Moved to evals/harness so the eval runner and benches can start a dev server too.
export { startDevServer } from '../../evals/harness/dev-server.js';

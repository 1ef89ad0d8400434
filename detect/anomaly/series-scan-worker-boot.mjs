// Running from the TypeScript sources (tests, tsx): a worker thread does not inherit the tsx or
// vitest loader of the thread that started it, so it registers tsx before loading the worker.
// The compiled build (dist/) loads series-scan-worker.js directly and never reads this file.
import { register } from 'tsx/esm/api';

register();
await import('./series-scan-worker.ts');

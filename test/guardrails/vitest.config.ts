import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The guardrail tests and core's cron tests: what `npm run mutation` (StrykerJS) runs against each mutant. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/guardrails/**/*.test.ts', 'test/core/**/*.test.ts'],
    // CLI tests spawn the whole command line: too slow per mutant, and they mutate nothing in guardrails/.
    exclude: ['test/guardrails/**/*.cli.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
  },
});

import { fileURLToPath } from 'node:url';

/** Scripted cassettes for the bundled sample estate. */
export const SAMPLE_CASSETTES = fileURLToPath(new URL('./cassettes/sample', import.meta.url));

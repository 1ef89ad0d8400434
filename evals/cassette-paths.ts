import { fileURLToPath } from 'node:url';
import { sourceUrl } from '../core/source-url.js';

/** Scripted cassettes for the bundled sample estate. */
export const SAMPLE_CASSETTES = fileURLToPath(sourceUrl('./cassettes/sample', import.meta.url));

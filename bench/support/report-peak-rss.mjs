// Preloaded into each measured process (node --import): writes its peak resident set size in KiB
// to $BENCH_PEAK_RSS_FILE when it exits, however it exits (commander calls process.exit).
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));

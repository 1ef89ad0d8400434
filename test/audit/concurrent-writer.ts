/**
 * One writer process for the two-writers test: waits for a shared start time so both
 * processes append at once, then appends its own records and a set of keys both share.
 * Usage: node --import tsx concurrent-writer.ts STORE_URL WRITER COUNT SHARED START_EPOCH_MS
 */
import { openAuditStore } from '../../audit/open-store.js';
import { entry } from './entries.js';

const [url, writer, count, shared, startAt] = process.argv.slice(2);
if (!url || !writer) throw new Error('usage: concurrent-writer.ts STORE_URL WRITER COUNT SHARED START_EPOCH_MS');
const store = openAuditStore(url);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
for (let i = 0; i < Number(count); i++) {
  await store.append(entry({ workflowId: `wf-${writer}`, outcome: `${writer} #${i}` }), `${writer}:${i}`);
  // Every writer also records the same shared steps: each must land exactly once.
  if (i < Number(shared)) await store.append(entry({ workflowId: 'wf-shared', outcome: `shared #${i} by ${writer}` }), `shared:${i}`);
}
await store.close();

/**
 * One writer process for the two-writers test. It opens the store, says "ready", waits for
 * "go" on stdin (sent once every writer is ready, so they really run at the same time), then
 * appends its own records and a set of keys all writers share.
 * Usage: node --import tsx concurrent-writer.ts STORE_URL WRITER COUNT SHARED
 */
import { once } from 'node:events';
import { openAuditStore } from '../../audit/open-store.js';
import { WriterKey } from '../../audit/writer-key.js';
import { entry } from './entries.js';

const [url, writer, count, shared] = process.argv.slice(2);
if (!url || !writer) throw new Error('usage: concurrent-writer.ts STORE_URL WRITER COUNT SHARED');
// Each process is a writer with its own key, as workers on two hosts are; the parent trusts the keys they announce.
const writerKey = WriterKey.generate();
const store = openAuditStore(url, { writer: writerKey });
await store.records({ workflowId: 'warm-up' }); // connect and create tables before the race starts
process.stdout.write(`ready ${writerKey.publicKey}\n`);
await once(process.stdin, 'data');
for (let i = 0; i < Number(count); i++) {
  await store.append(entry({ workflowId: `wf-${writer}`, outcome: `${writer} #${i}` }), `${writer}:${i}`);
  // Every writer also records the same shared steps: each must land exactly once.
  if (i < Number(shared)) await store.append(entry({ workflowId: 'wf-shared', outcome: `shared #${i} by ${writer}` }), `shared:${i}`);
  // A pause between steps, as real workflows have: SQLite's busy handler backs off, so without gaps one writer could finish before the other gets in.
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await store.close();
process.stdin.destroy();

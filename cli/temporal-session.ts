import type { Client } from '@temporalio/client';
import { runtimeConfig } from '../runtime/config.js';
import { connectClient } from '../runtime/temporal.js';

/** Runs one command's work on a Temporal client and always closes its connection, so the process can exit. */
export async function withClient(work: (client: Client) => Promise<void>): Promise<void> {
  const client = await connectClient(runtimeConfig());
  try {
    await work(client);
  } finally {
    await client.connection.close();
  }
}

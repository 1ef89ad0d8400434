import { Client, Connection } from '@temporalio/client';
import type { RuntimeConfig } from './config.js';

export async function connectClient(config: RuntimeConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporalAddress, connectTimeout: '5s' }).catch((error: Error) => {
    throw new Error(`cannot reach Temporal at ${config.temporalAddress} (${error.message}); start one with "make temporal" or set TEMPORAL_ADDRESS`);
  });
  return new Client({ connection, namespace: config.namespace });
}

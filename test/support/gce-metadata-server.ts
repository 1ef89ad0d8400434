import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GceMetadataServer {
  /** host:port, for $GCE_METADATA_HOST: where google-auth-library looks for the metadata server */
  host: string;
  /** the access token it hands out (tests check it never reaches output or the audit log) */
  token: string;
  /** how many tokens were asked for: the client really went through Application Default Credentials */
  tokenRequests: number;
  /** the environment that points Application Default Credentials here */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A loopback GCE metadata server, shaped from the documented endpoints
 * (https://cloud.google.com/compute/docs/metadata/querying-metadata): every request must carry
 * `Metadata-Flavor: Google` and every answer does; `instance/service-accounts/default/token`
 * gives an access token. With $GCE_METADATA_HOST pointing here, Application Default Credentials
 * resolve as on a GCE VM, Cloud Run or GKE: the production path with no test switch in the code.
 * It exists because the storage emulator has no OAuth of its own.
 */
export async function startGceMetadataServer(): Promise<GceMetadataServer> {
  const token = `ya29.loopback-${randomBytes(12).toString('hex')}`;
  const state = { tokenRequests: 0 };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metadata').pathname;
    if (req.headers['metadata-flavor'] !== 'Google') {
      res.writeHead(403, { 'content-type': 'text/plain' });
      return res.end('Missing required header: Metadata-Flavor');
    }
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'content-type': type, 'metadata-flavor': 'Google' });
      res.end(body);
    };
    if (path === '/computeMetadata/v1/instance' || path === '/computeMetadata/v1/instance/')
      return send('text/plain', 'attributes/\nid\nservice-accounts/\nzone\n');
    if (path === '/computeMetadata/v1/instance/service-accounts/default/token') {
      state.tokenRequests += 1;
      return send('application/json', JSON.stringify({ access_token: token, expires_in: 3599, token_type: 'Bearer' }));
    }
    if (path === '/computeMetadata/v1/instance/service-accounts/default/email')
      return send('text/plain', 'tollgate-billing@example-project.iam.gserviceaccount.com');
    if (path === '/computeMetadata/v1/project/project-id') return send('text/plain', 'example-project');
    if (path === '/computeMetadata/v1/universe/universe-domain') return send('text/plain', 'googleapis.com');
    res.writeHead(404, { 'content-type': 'text/plain', 'metadata-flavor': 'Google' });
    res.end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    token,
    get tokenRequests() {
      return state.tokenRequests;
    },
    // Skip the BIOS probe (this machine is not a VM on GCE) and ping the server named above.
    env: { GCE_METADATA_HOST: host, METADATA_SERVER_DETECTION: 'ping-only' },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

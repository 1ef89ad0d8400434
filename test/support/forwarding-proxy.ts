import { createServer, request, type IncomingMessage, type Server } from 'node:http';

/** A loopback HTTP proxy in front of a real server (moto, an emulator), for tests that count what reached it. */
export interface ForwardingProxy {
  endpoint: string;
  stop(): Promise<void>;
}

/** Forwards every request to `target` unchanged, after `observe` has seen it and its body. */
export async function startForwardingProxy(target: string, observe: (req: IncomingMessage, body: Buffer) => void): Promise<ForwardingProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      observe(req, body);
      const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

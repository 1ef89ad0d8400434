import { createServer, request, type Server } from 'node:http';

/**
 * An HTTP proxy in front of moto that records every EC2 Query-API call it forwards: the test
 * counts what reached the server (e.g. exactly one non-dry-run ModifyInstanceAttribute).
 */
export interface CountingProxy {
  endpoint: string;
  calls: { action: string; dryRun: boolean }[];
  /** Non-dry-run calls of one EC2 action. */
  count(action: string): number;
  stop(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const calls: CountingProxy['calls'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString('utf8'));
      const action = form.get('Action');
      if (action) calls.push({ action, dryRun: form.get('DryRun') === 'true' });
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
    calls,
    count: (action) => calls.filter((c) => c.action === action && !c.dryRun).length,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

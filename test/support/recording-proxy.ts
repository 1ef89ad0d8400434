import { startForwardingProxy } from './forwarding-proxy.js';

export interface RecordedRequest {
  method: string;
  /** path and query as sent */
  url: string;
  authorization?: string;
}

/** A loopback HTTP proxy that forwards every request to `target` and records what was asked, for counting downloads. */
export interface RecordingProxy {
  endpoint: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const proxy = await startForwardingProxy(target, (req) =>
    requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    }),
  );
  return { endpoint: proxy.endpoint, requests, stop: proxy.stop };
}

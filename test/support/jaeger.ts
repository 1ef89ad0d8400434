import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../../runtime/free-port.js';

const JAEGER_SCRIPT = fileURLToPath(new URL('../../scripts/setup.d/jaeger.sh', import.meta.url));

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  tags: { key: string; type: string; value: unknown }[];
  references: { refType: string; spanID: string }[];
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

export interface RunningJaeger {
  /** What OTEL_EXPORTER_OTLP_ENDPOINT takes: the OTLP/HTTP receiver's base URL. */
  otlpEndpoint: string;
  queryUrl: string;
  /** Every trace Jaeger holds for the service (its HTTP query API, /api/traces). */
  traces(service: string): Promise<JaegerTrace[]>;
  stop(): Promise<void>;
}

/**
 * Jaeger all-in-one (v2, built from the Go module proxy by scripts/setup.d/jaeger.sh) with
 * only an OTLP/HTTP receiver, in-memory storage and the query API, each on a free loopback port.
 */
export async function startJaeger(): Promise<RunningJaeger> {
  // Asynchronous: a first run builds Jaeger for minutes, and the test runner must stay responsive.
  const binary = process.env.TOLLGATE_JAEGER ?? (await promisify(execFile)(JAEGER_SCRIPT, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
  const [otlpPort, queryPort, grpcPort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-jaeger-'));
  const config = join(dir, 'jaeger.yaml');
  writeFileSync(config, configYaml(otlpPort, queryPort, grpcPort));
  const child = spawn(binary, ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const queryUrl = `http://127.0.0.1:${queryPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jaeger exited with ${child.exitCode}: ${stderr}`);
    const up = await fetch(`${queryUrl}/api/services`).then(
      (r) => r.ok,
      () => false,
    );
    const receiving = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (up && receiving) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`jaeger did not answer on ${queryUrl} within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    otlpEndpoint: `http://127.0.0.1:${otlpPort}`,
    queryUrl,
    traces: async (service) => {
      // An explicit window on this process's clock: Jaeger is a Go program, whose clock libfaketime
      // cannot move, so under `make test-next-year` its own "last hour" would miss these spans.
      const now = Date.now() * 1000;
      const window = `start=${now - 3_600_000_000}&end=${now + 3_600_000_000}`;
      const res = await fetch(`${queryUrl}/api/traces?service=${encodeURIComponent(service)}&limit=100&${window}`);
      if (!res.ok) return [];
      return ((await res.json()) as { data: JaegerTrace[] | null }).data ?? [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Polls the query API until `found` holds for the service's traces (spans arrive in batches). */
export async function waitForTraces(
  jaeger: RunningJaeger,
  service: string,
  found: (traces: JaegerTrace[]) => boolean,
  timeoutMs = 20_000,
): Promise<JaegerTrace[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const traces = await jaeger.traces(service);
    if (found(traces) || Date.now() > deadline) return traces;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function tagsOf(span: JaegerSpan): Record<string, unknown> {
  return Object.fromEntries(span.tags.map((t) => [t.key, t.value]));
}

function configYaml(otlpPort: number, queryPort: number, grpcPort: number): string {
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: []
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${queryPort}
    grpc:
      endpoint: 127.0.0.1:${grpcPort}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlpPort}
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

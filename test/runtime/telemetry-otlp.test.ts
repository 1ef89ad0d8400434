import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRightsizer } from '../../agents/index.js';
import type { RunningReplayServer } from '../../evals/replay-server.js';
import { startTelemetry, tracesUrl, tracesWanted } from '../../runtime/telemetry.js';
import { cloudOf, rightsizingFindings, runtimeFor, scriptedServer } from '../agents/harness.js';
import { startJaeger, tagsOf, waitForTraces, type JaegerSpan, type JaegerTrace, type RunningJaeger } from '../support/jaeger.js';

/**
 * Spans leave the process for a real collector: Jaeger all-in-one v1.76.0 (built from the Go
 * module proxy) receiving OTLP/HTTP and answering its query API. The agent call goes through
 * the real @langchain/openai client to the replay server.
 */
const run = promisify(execFile);
let jaeger: RunningJaeger;
let server: RunningReplayServer;

beforeAll(async () => {
  [jaeger, server] = await Promise.all([startJaeger(), scriptedServer()]);
}, 900_000);
afterAll(async () => {
  await Promise.all([jaeger?.stop(), server?.close()]);
});

const spansOf = (traces: JaegerTrace[], name: string): JaegerSpan[] => traces.flatMap((t) => t.spans).filter((s) => s.operationName === name);

describe('OTLP traces', () => {
  it("an agent call's span arrives in Jaeger with its model, tokens and cost, under OTEL_SERVICE_NAME", async () => {
    const service = `tollgate-test-${process.pid}-agents`;
    const telemetry = await startTelemetry('tollgate', { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint, OTEL_SERVICE_NAME: service });
    expect(telemetry.exporting).toBe(true);
    const cloud = cloudOf();
    const finding = (await rightsizingFindings(cloud)).find((f) => f.resourceId === 'i-0web0overprov01')!;
    // No tracer passed: the agent runtime takes the global one, which startTelemetry registered.
    const result = await runRightsizer(runtimeFor(server), { cloud }, finding);
    await telemetry.shutdown();

    const calls = [...result.enrichCalls, ...result.proposeCalls];
    expect(calls.length).toBeGreaterThan(0);
    const traces = await waitForTraces(jaeger, service, (t) => spansOf(t, 'tollgate.agent.llm_call').length >= calls.length);
    const spans = spansOf(traces, 'tollgate.agent.llm_call');
    expect(spans).toHaveLength(calls.length);
    const enrich = result.enrichCalls[0]!;
    const enrichSpan = spans.map(tagsOf).find((t) => t['tollgate.prompt.id'] === enrich.promptId)!;
    expect(enrichSpan).toMatchObject({
      'gen_ai.system': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': enrich.model,
      'gen_ai.usage.input_tokens': enrich.tokens.input,
      'gen_ai.usage.output_tokens': enrich.tokens.output,
      'tollgate.llm.cost_usd': enrich.costUsd,
      'tollgate.agent.id': 'rightsizer',
      'tollgate.finding.id': finding.id,
    });
    expect(enrich.tokens.input).toBeGreaterThan(0);
    expect(enrich.costUsd).toBeGreaterThan(0);
    const process_ = traces[0]!.processes[spans[0]!.processID]!;
    expect(process_.serviceName).toBe(service);
    // The cloud reads the agent's tools made are spans too.
    expect(spansOf(traces, 'tollgate.cloud.get_resource').length + spansOf(traces, 'tollgate.cloud.utilization').length).toBeGreaterThan(0);
  }, 120_000);

  it('the CLI exports its ingest span and flushes it before exiting', async () => {
    const service = `tollgate-test-${process.pid}-cli`;
    const db = join(mkdtempSync(join(tmpdir(), 'tollgate-otlp-')), 'warehouse.duckdb');
    await run('node', ['bin/tollgate.mjs', 'ingest', 'test/fixtures/ingest/aws-cur2-sample.csv', '--db', db, '--json'], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint, OTEL_SERVICE_NAME: service },
    });
    const traces = await waitForTraces(jaeger, service, (t) => spansOf(t, 'tollgate.ingest.file').length > 0);
    const [span] = spansOf(traces, 'tollgate.ingest.file');
    expect(span).toBeDefined();
    expect(tagsOf(span!)).toMatchObject({ 'tollgate.ingest.format': 'aws-cur2', 'tollgate.ingest.status': 'loaded' });
    expect(Number(tagsOf(span!)['tollgate.ingest.rows'])).toBeGreaterThan(0);
  }, 120_000);

  it('OTEL_SDK_DISABLED=true sends nothing even with an endpoint', async () => {
    const service = `tollgate-test-${process.pid}-disabled`;
    const db = join(mkdtempSync(join(tmpdir(), 'tollgate-otlp-')), 'warehouse.duckdb');
    await run('node', ['bin/tollgate.mjs', 'ingest', 'test/fixtures/ingest/aws-cur2-sample.csv', '--db', db, '--json'], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint, OTEL_SERVICE_NAME: service, OTEL_SDK_DISABLED: 'true' },
    });
    // A marker service proves the collector was taking spans while the disabled run sent none.
    const marker = `tollgate-test-${process.pid}-marker`;
    const telemetry = await startTelemetry('tollgate', { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint, OTEL_SERVICE_NAME: marker });
    trace.getTracer('test').startSpan('marker').end();
    await telemetry.shutdown();
    expect((await waitForTraces(jaeger, marker, (t) => t.length > 0)).length).toBe(1);
    expect(await jaeger.traces(service)).toEqual([]);
  }, 120_000);
});

describe('with no OTLP variables', () => {
  it('registers nothing: spans are the no-op kind', async () => {
    const telemetry = await startTelemetry('tollgate', { OTEL_SERVICE_NAME: 'tollgate-unset' });
    expect(telemetry.exporting).toBe(false);
    const span = trace.getTracer('test').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(tracesWanted({})).toBe(false);
    expect(tracesWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
    expect(tracesWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:1/v1/traces' })).toBe(true);
    expect(tracesWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe('http://c:4318/v1/traces');
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t/x' })).toBe('http://t/x');
  });

  it("the CLI sends nothing to the exporter's default address (localhost:4318)", async (ctx) => {
    // Were the exporter registered regardless, it would post to its default endpoint: listen there.
    const requests: string[] = [];
    const listener: Server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    const bound = await new Promise<boolean>((resolve) => {
      listener.once('error', () => resolve(false));
      listener.listen(4318, '127.0.0.1', () => resolve(true));
    });
    if (!bound) ctx.skip(); // another collector owns the port here: nothing to observe
    try {
      const db = join(mkdtempSync(join(tmpdir(), 'tollgate-otlp-')), 'warehouse.duckdb');
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
      await run('node', ['bin/tollgate.mjs', 'ingest', 'test/fixtures/ingest/aws-cur2-sample.csv', '--db', db, '--json'], {
        env: { ...env, OTEL_SERVICE_NAME: 'tollgate-unset' },
      });
      expect(requests).toEqual([]);
    } finally {
      await new Promise((r) => listener.close(r));
    }
  }, 120_000);
});

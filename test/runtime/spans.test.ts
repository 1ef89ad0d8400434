import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activityTracing } from '../../activities/activity-tracing.js';
import { tracedCloud } from '../../clouds/traced-cloud.js';
import { readOnlyView } from '../../clouds/provider.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import { sampleEstate } from '../support/world.js';

/** The spans Tollgate makes itself, caught in memory (the OTLP path to a collector: telemetry-otlp.test.ts). */
const exporter = new InMemorySpanExporter();
beforeAll(() => {
  // As runtime/telemetry.ts registers it (an AsyncLocalStorage context), with an in-memory exporter.
  new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
});
afterAll(() => {
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

describe('spans', () => {
  it('an activity gets a span, and the cloud reads inside it are its children', async () => {
    const cloud = readOnlyView(new SandboxCloud(sampleEstate()));
    const env = new MockActivityEnvironment(
      { activityType: 'enrichFinding', workflowType: 'findingWorkflow', taskQueue: 'tollgate-analysis', attempt: 2 },
      { interceptors: [activityTracing] },
    );
    const count = await env.run(async () => (await cloud.listResources()).length);
    expect(count).toBeGreaterThan(0);
    const spans = exporter.getFinishedSpans();
    const activity = spans.find((s) => s.name === 'tollgate.activity enrichFinding')!;
    const list = spans.find((s) => s.name === 'tollgate.cloud.list_resources')!;
    expect(activity.attributes).toMatchObject({
      'temporal.activity.type': 'enrichFinding',
      'temporal.workflow.type': 'findingWorkflow',
      'temporal.task_queue': 'tollgate-analysis',
      'temporal.activity.attempt': 2,
    });
    expect(list.attributes).toMatchObject({ 'cloud.provider': 'sandbox', 'tollgate.cloud.resources': count });
    expect(list.parentSpanContext?.spanId).toBe(activity.spanContext().spanId);
    expect(list.spanContext().traceId).toBe(activity.spanContext().traceId);
  });

  it('a failing cloud call ends its span with an error status and the exception, and still throws', async () => {
    const cloud = tracedCloud(new SandboxCloud(sampleEstate()));
    await expect(cloud.getResource('i-does-not-exist')).rejects.toThrow();
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe('tollgate.cloud.get_resource');
    expect(span!.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(span!.events.map((e) => e.name)).toContain('exception');
    expect(span!.attributes['tollgate.resource.id']).toBe('i-does-not-exist');
  });
});

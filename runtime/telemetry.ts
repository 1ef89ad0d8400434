import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** What the caller holds on to: flush and stop at exit. A no-op when nothing was registered. */
export interface Telemetry {
  /** true when spans leave the process (an OTLP endpoint was configured). */
  readonly exporting: boolean;
  /** Sends what is still buffered and stops; a dead collector costs at most OTEL_EXPORTER_OTLP_TIMEOUT (10 s). */
  shutdown(): Promise<void>;
}

const NOTHING: Telemetry = { exporting: false, shutdown: async () => {} };

/**
 * Registers an OTLP/HTTP trace exporter from the standard OpenTelemetry variables
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_SERVICE_NAME,
 * OTEL_EXPORTER_OTLP_HEADERS, ...). With no endpoint set, or OTEL_SDK_DISABLED=true, or
 * OTEL_TRACES_EXPORTER=none, nothing is registered: spans stay on the no-op tracer and no
 * connection is ever opened.
 */
export function startTelemetry(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  if (!tracesWanted(env)) return NOTHING;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || defaultServiceName;
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': serviceName })),
    // The exporter reads the endpoint, headers, timeout and compression from the same variables.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Registers the provider globally with an AsyncLocalStorage context, so spans nest across awaits.
  provider.register();
  let stopped: Promise<void> | undefined;
  return {
    exporting: true,
    shutdown: () => {
      stopped ??= provider.shutdown().finally(() => trace.disable());
      return stopped;
    },
  };
}

export function tracesWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.split(',').some((e) => e.trim().toLowerCase() === 'none')) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

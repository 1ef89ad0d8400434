import { context, propagation, trace } from '@opentelemetry/api';

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
export async function startTelemetry(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Promise<Telemetry> {
  if (!tracesWanted(env)) return NOTHING;
  // Loaded only when wanted: a CLI command without an endpoint pays nothing for the SDK.
  const [{ OTLPTraceExporter }, { defaultResource, resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-node'),
  ]);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || defaultServiceName;
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': serviceName })),
    // The URL from `env` (the variables' own rules); headers, timeout and compression the exporter reads itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(env) }))],
  });
  // Registers the provider globally with an AsyncLocalStorage context, so spans nest across awaits.
  provider.register();
  let stopped: Promise<void> | undefined;
  return {
    exporting: true,
    shutdown: () => {
      // Unregisters too, so spans after shutdown go nowhere and a later start can register again.
      stopped ??= provider.shutdown().finally(() => {
        trace.disable();
        context.disable();
        propagation.disable();
      });
      return stopped;
    },
  };
}

/** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT with /v1/traces appended. */
export function tracesUrl(env: NodeJS.ProcessEnv): string {
  const own = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (own) return own;
  return `${env.OTEL_EXPORTER_OTLP_ENDPOINT!.trim().replace(/\/+$/, '')}/v1/traces`;
}

export function tracesWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.split(',').some((e) => e.trim().toLowerCase() === 'none')) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

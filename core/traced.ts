import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/**
 * Runs `work` inside an active span named `name` on the tracer `tracerName`, ending it with an
 * error status when `work` throws. With no tracer provider registered (no OTLP endpoint) the
 * span is the API's no-op and costs next to nothing.
 */
export async function traced<T>(tracerName: string, name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer(tracerName).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A failure that names the instance, the Compute Engine operation and what to do next. */
export class GcpOperationError extends Error {
  override name = 'GcpOperationError';
  constructor(
    readonly operation: string,
    readonly resourceId: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`gcp ${operation} on ${resourceId}: ${detail}`, options);
  }
}

export function gcpErrorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as { code?: unknown; message?: unknown };
  return `${typeof e.code === 'number' ? `code ${e.code}: ` : ''}${typeof e.message === 'string' ? e.message : String(error)}`;
}

/** The REST transport maps HTTP 404 to the gRPC status NOT_FOUND (5); accept either. */
export function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 404 || code === 5;
}

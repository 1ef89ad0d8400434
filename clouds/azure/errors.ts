/** A failure that names the VM, the ARM operation and what to do next. */
export class AzureOperationError extends Error {
  override name = 'AzureOperationError';
  constructor(
    readonly operation: string,
    readonly resourceId: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`azure ${operation} on ${resourceId}: ${detail}`, options);
  }
}

/** The ARM error code and message of an SDK RestError, when there is one. */
export function armErrorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const rest = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  const code = typeof rest.code === 'string' ? rest.code : undefined;
  const status = typeof rest.statusCode === 'number' ? `HTTP ${rest.statusCode}` : undefined;
  return [code, status].filter(Boolean).join(', ') + (typeof rest.message === 'string' ? `: ${rest.message}` : '');
}

export function statusCodeOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A failure that names the resource, the EC2/CloudWatch operation and what to do next. */
export class AwsOperationError extends Error {
  override name = 'AwsOperationError';
  constructor(
    readonly operation: string,
    readonly resourceId: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`aws ${operation} on ${resourceId}: ${detail}`, options);
  }
}

/** The AWS error code (e.g. DryRunOperation, InvalidInstanceID.NotFound) of an SDK error, if any. */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const named = error as { name?: unknown; Code?: unknown };
  if (typeof named.Code === 'string') return named.Code;
  return typeof named.name === 'string' ? named.name : undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

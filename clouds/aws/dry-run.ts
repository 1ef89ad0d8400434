import { AwsOperationError, awsErrorCode, messageOf } from './errors.js';

/**
 * Sends one EC2 request with DryRun=true. AWS answers DryRunOperation when the caller has the
 * permission and the request is valid; anything else is a refusal we report. A dry run that
 * *succeeds* means the endpoint ignored DryRun and may have changed something: that is an error.
 */
export async function assertDryRunPasses(operation: string, resourceId: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'DryRunOperation') return;
    if (code === 'UnauthorizedOperation') {
      throw new AwsOperationError(operation, resourceId, `dry run refused: the actions worker's role lacks ec2:${operation} (${messageOf(error)})`, {
        cause: error,
      });
    }
    throw new AwsOperationError(operation, resourceId, `dry run failed with ${code ?? 'an error'}: ${messageOf(error)}`, { cause: error });
  }
  throw new AwsOperationError(operation, resourceId, 'the endpoint ignored DryRun=true and answered as if it had applied the change; refusing to continue');
}

import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';

/** Whatever an SDK client accepts as `credentials`: a provider that refreshes itself. */
export type AwsCredentials = NonNullable<STSClientConfig['credentials']>;

/** One worker's way into an account: a profile, a role to assume, or the default chain as is. */
export interface AwsIdentityOptions {
  profile?: string;
  roleArn?: string;
  externalId?: string;
  sessionName: string;
  region: string;
  /** STS endpoint override (moto in tests). */
  endpoint?: string;
}

/**
 * Credentials from the SDK's default chain (environment, SSO, profile, container or instance role),
 * optionally a named profile, optionally then AssumeRole with an external id. Nothing is read from
 * tollgate.yaml but names: the secrets stay where the SDK finds them.
 */
export function awsCredentials(options: AwsIdentityOptions): AwsCredentials {
  const endpoint = options.endpoint ? { endpoint: options.endpoint } : {};
  const base = options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain();
  if (!options.roleArn) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName,
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
    clientConfig: { region: options.region, ...endpoint },
  });
}

/** The account the credentials actually reach (STS GetCallerIdentity): a probe that also catches a wrong role. */
export async function callerAccount(credentials: AwsCredentials, region: string, endpoint?: string): Promise<string> {
  return (await callerIdentity(credentials, region, endpoint)).account;
}

/** Who the credentials are (STS GetCallerIdentity): the account, and the principal's ARN for messages. */
export async function callerIdentity(credentials: AwsCredentials, region: string, endpoint?: string): Promise<{ account: string; arn: string }> {
  const sts = new STSClient({ region, credentials, maxAttempts: 2, ...(endpoint ? { endpoint } : {}) });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? 'unknown', arn: out.Arn ?? 'unknown' };
  } finally {
    sts.destroy();
  }
}

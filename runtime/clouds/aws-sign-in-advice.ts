import { briefly, isUnreachable } from './planned-scope.js';

/** What one AWS scope signs in with, for messages: never a secret, only names. */
export interface AwsSignIn {
  account: string;
  region: string;
  /** The config object holding the identity, e.g. `clouds.aws.accounts[0].analysis` or `clouds.aws.organizations`. */
  field: string;
  roleArn?: string;
  externalId?: string;
  profile?: string;
  /** Where STS calls went: the identity's stsEndpoint, else aws.endpoint, else the SDK's own. */
  stsEndpoint?: string;
  /** The principal that asked to assume the role, when known (STS names it in AccessDenied). */
  callerArn?: string;
}

/** The partition a region belongs to: role ARNs of another partition cannot be assumed from it. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/**
 * A role ARN that cannot work for this scope whatever STS says: another partition than the
 * region's, or a role in another account than the one the scope reads. Caught before any call.
 */
export function roleArnProblem(roleArn: string, account: string, region: string, field: string): string | undefined {
  const parsed = /^arn:([\w-]+):iam::(\d{12}):role\/(.+)$/.exec(roleArn);
  if (!parsed) return `${field}.roleArn ${roleArn} is not a role ARN: expected arn:${partitionOf(region)}:iam::${account}:role/<name>`;
  const [, partition, roleAccount, name] = parsed;
  const expected = partitionOf(region);
  if (partition !== expected) {
    return `${field}.roleArn ${roleArn} is in the ${partition} partition, but region ${region} is in ${expected}: STS there cannot assume it. Use arn:${expected}:iam::${account}:role/${name}, or read this region from a deployment in the ${partition} partition`;
  }
  if (roleAccount !== account) {
    return `${field}.roleArn ${roleArn} is a role in account ${roleAccount}, not ${account}: Tollgate reads the account the role is in, so name the role in ${account} (or correct the account id)`;
  }
  return undefined;
}

/** The principal STS names in an AccessDenied message: `User: arn:… is not authorized`. */
export function callerInDenial(message: string): string | undefined {
  return /User: (arn:\S+) is not authorized/.exec(message)?.[1];
}

/**
 * What to do when signing in to a scope fails, from what STS (or the network, or the credential
 * chain) actually said. STS's error code is the SDK exception's name.
 */
export function awsSignInAdvice(error: unknown, s: AwsSignIn): string {
  const text = briefly(error);
  const code = (error as { name?: string }).name ?? '';
  const sts = s.stsEndpoint ?? `STS (sts.${s.region}.amazonaws.com)`;
  if (isUnreachable(error)) {
    return `${sts} is not reachable (${text}): check ${s.field}.stsEndpoint or aws.endpoint, the proxy (HTTPS_PROXY) and the network`;
  }
  if (code === 'AccessDenied' && s.roleArn) {
    const caller = s.callerArn ?? callerInDenial(text) ?? "the worker's principal (aws sts get-caller-identity)";
    const externalId = s.externalId
      ? `, and its sts:ExternalId condition must equal ${s.field}.externalId (STS does not say which of the two failed)`
      : `; no ${s.field}.externalId is set: if the trust policy has an sts:ExternalId condition, add it`;
    return (
      `STS refused to let ${caller} assume ${s.roleArn} (AccessDenied): the role must exist in account ${s.account} and its trust policy must allow sts:AssumeRole to ${caller}${externalId}. ` +
      `${caller} also needs sts:AssumeRole on the role in its own IAM policy (examples/permissions/aws-role-trust-policy.json, docs/clouds.md)`
    );
  }
  if (code === 'InvalidClientTokenId') {
    return `STS does not recognise the worker's access key (InvalidClientTokenId): the ${credentialSource(s)} are deleted, deactivated or belong to another partition; renew them, or enable region ${s.region} in the account if it is an opt-in region`;
  }
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException') {
    return `the worker's credentials have expired (ExpiredToken): run "aws sso login${s.profile ? ` --profile ${s.profile}` : ''}" or renew AWS_SESSION_TOKEN; a long-running worker should use an instance, task or IRSA role, which renews itself`;
  }
  if (code === 'SignatureDoesNotMatch') {
    return `STS rejected the request signature (SignatureDoesNotMatch): the secret key of the ${credentialSource(s)} does not match its access key id, or this machine's clock is off`;
  }
  if (code === 'RegionDisabledException') {
    return `STS is not activated in ${s.region} for this account (RegionDisabledException): activate it in IAM account settings, or set ${s.field}.stsEndpoint to an active region's STS endpoint`;
  }
  if (code === 'ValidationError') {
    return `STS refused the AssumeRole parameters (${text}): check ${s.field}.roleArn (arn:${partitionOf(s.region)}:iam::${s.account}:role/<name>), externalId (2 to 1,224 characters) and sessionName (2 to 64 of [A-Za-z0-9+=,.@-])`;
  }
  if (code === 'CredentialsProviderError' || /Could not load credentials|CredentialsProviderError|profile/i.test(text)) {
    return `no AWS credentials (${text}): set AWS_PROFILE or the account's profile, run "aws sso login", or run the worker with an instance or task role`;
  }
  return `${text}: check ${s.field}'s profile or roleArn (docs/clouds.md)`;
}

function credentialSource(s: AwsSignIn): string {
  return s.profile ? `keys of profile ${s.profile}` : 'keys the default chain found (AWS_ACCESS_KEY_ID, the default profile, or the instance role)';
}

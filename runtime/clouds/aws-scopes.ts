import { AwsCloud, awsCredentials, callerAccount, listMemberAccounts, type AwsCredentials } from '../../clouds/aws/index.js';
import { awsCatalog, AwsPriceList } from '../../clouds/pricing/index.js';
import type { AwsConfig, AwsIdentity } from '../deployment-schema.js';
import { briefly, isUnreachable, ScopeUnavailable, type PlannedScope, type WorkerRole } from './planned-scope.js';

interface AccountPlan {
  id: string;
  name: string;
  regions: string[];
  access: 'read-write' | 'read-only';
  identity: AwsIdentity | undefined;
}

/**
 * Every (account, region) the config names, for one worker. The actions worker signs in with each
 * account's `actions` identity; in a read-only account it only reads, with the `analysis` identity.
 * Organizations discovery adds the ACTIVE member accounts, each by a role name assumed in it.
 */
export async function planAwsScopes(
  aws: AwsConfig,
  role: WorkerRole,
  pricesCacheDir?: string,
): Promise<{ scopes: PlannedScope[]; skipped: { label: string; reason: string }[] }> {
  const skipped: { label: string; reason: string }[] = [];
  const plans: AccountPlan[] = [];
  for (const a of aws.accounts) {
    if (a.access === 'excluded') continue;
    const identity = role === 'actions' && a.access === 'read-write' ? a.actions : a.analysis;
    plans.push({ id: a.id, name: a.name ?? a.id, regions: a.regions ?? aws.regions, access: a.access, identity });
  }
  if (aws.organizations) {
    const org = aws.organizations;
    const named = new Set(aws.accounts.map((a) => a.id));
    try {
      const members = await listMemberAccounts(
        awsCredentials({ sessionName: `tollgate-${role}`, region: aws.regions[0]!, ...endpointOf(aws) }),
        endpointOf(aws),
      );
      for (const m of members) {
        if (named.has(m.id) || org.exclude.includes(m.id)) continue;
        const access = org.readOnly.includes(m.id) || !org.actionsRoleName ? 'read-only' : 'read-write';
        const roleName = role === 'actions' && access === 'read-write' ? org.actionsRoleName! : org.analysisRoleName;
        const identity = { roleArn: `arn:aws:iam::${m.id}:role/${roleName}`, ...(org.externalId ? { externalId: org.externalId } : {}) };
        plans.push({ id: m.id, name: m.name, regions: aws.regions, access, identity });
      }
    } catch (error) {
      skipped.push({
        label: 'aws organizations discovery',
        reason: `${briefly(error)}. The default credentials need organizations:ListAccounts in the management (or delegated administrator) account; the accounts listed under aws.accounts still run`,
      });
    }
  }
  const scopes = plans.flatMap((plan) => plan.regions.map((region) => accountRegionScope(aws, plan, region, role, pricesCacheDir)));
  return { scopes, skipped };
}

function endpointOf(aws: AwsConfig): { endpoint?: string } {
  return aws.endpoint ? { endpoint: aws.endpoint } : {};
}

function accountRegionScope(aws: AwsConfig, plan: AccountPlan, region: string, role: WorkerRole, pricesCacheDir: string | undefined): PlannedScope {
  const label = `aws account ${plan.id}${plan.name !== plan.id ? ` (${plan.name})` : ''} ${region}`;
  return {
    provider: 'aws',
    label,
    access: plan.access,
    owns: (r) => r.account === plan.id && r.region === region,
    async open() {
      const bundled = awsCatalog().some((e) => e.region === region);
      if (!bundled && !(aws.priceList && pricesCacheDir)) {
        throw new ScopeUnavailable(
          `no list prices for region ${region}: Tollgate cannot price a change there. Add aws.priceList to the config (the AWS Price List API, pricing:GetProducts), or remove ${region} (docs/clouds.md, Prices)`,
        );
      }
      const credentials = awsCredentials({
        ...identityOptions(plan.identity),
        sessionName: plan.identity?.sessionName ?? `tollgate-${role}`,
        region,
        ...endpointOf(aws),
      });
      await proveAccount(credentials, plan, region, aws.endpoint);
      const priceList =
        !bundled && aws.priceList && pricesCacheDir
          ? new AwsPriceList({
              cacheDir: pricesCacheDir,
              credentials,
              maxAgeDays: aws.priceList.maxAgeDays,
              ...(aws.priceList.endpoint ? { endpoint: aws.priceList.endpoint } : {}),
            })
          : undefined;
      const cloud = new AwsCloud({ region, account: plan.id, credentials, ...endpointOf(aws), ...(priceList ? { priceList } : {}) });
      // Prices are proven at start like credentials: a region the API cannot price is skipped, not met mid-run.
      const prices = await cloud.catalog().catch((error: unknown) => {
        throw new ScopeUnavailable(
          `no list prices for region ${region}: ${briefly(error)}. Check aws.priceList and pricing:GetProducts for the analysis identity`,
        );
      });
      if (prices.length === 0) {
        throw new ScopeUnavailable(
          `no list prices for region ${region}: the AWS Price List API returned no EC2 prices for it. Check the region name, or remove it from the config`,
        );
      }
      await cloud.listResources().catch((error: unknown) => {
        throw new ScopeUnavailable(`cannot list EC2 instances: ${briefly(error)}. Grant the ${role} identity the permissions in docs/clouds.md`);
      });
      return cloud;
    },
  };
}

function identityOptions(identity: AwsIdentity | undefined): { profile?: string; roleArn?: string; externalId?: string } {
  return {
    ...(identity?.profile ? { profile: identity.profile } : {}),
    ...(identity?.roleArn ? { roleArn: identity.roleArn } : {}),
    ...(identity?.externalId ? { externalId: identity.externalId } : {}),
  };
}

/** The credentials work and reach the account the config names, not another one. */
async function proveAccount(credentials: AwsCredentials, plan: AccountPlan, region: string, endpoint: string | undefined): Promise<void> {
  let reached: string;
  try {
    reached = await callerAccount(credentials, region, endpoint);
  } catch (error) {
    throw new ScopeUnavailable(awsAdvice(error, plan, endpoint));
  }
  if (reached !== plan.id) {
    throw new ScopeUnavailable(`the credentials reach account ${reached}, not ${plan.id}: set this account's profile or roleArn so they sign in to ${plan.id}`);
  }
}

function awsAdvice(error: unknown, plan: AccountPlan, endpoint: string | undefined): string {
  const text = briefly(error);
  if (isUnreachable(error)) return `${endpoint ?? 'AWS STS'} is not reachable (${text}): check aws.endpoint and the network`;
  if (plan.identity?.roleArn && /AccessDenied|not authorized|assume/i.test(text)) {
    return `cannot assume ${plan.identity.roleArn} (${text}): the role's trust policy must allow the worker's principal${plan.identity.externalId ? ' with this externalId' : ''} (docs/clouds.md)`;
  }
  if (/Could not load credentials|CredentialsProviderError|profile/i.test(text)) {
    return `no AWS credentials (${text}): set AWS_PROFILE or the account's profile, run "aws sso login", or run the worker with an instance or task role`;
  }
  return `${text}: check the account's profile or roleArn (docs/clouds.md)`;
}

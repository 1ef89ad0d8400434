import { AwsCloud, awsCredentials, callerAccount, callerIdentity, listMemberAccounts, type AwsCredentials } from '../../clouds/aws/index.js';
import { awsCatalog, AwsPriceList } from '../../clouds/pricing/index.js';
import type { AwsConfig, AwsIdentity } from '../deployment-schema.js';
import { awsSignInAdvice, callerInDenial, partitionOf, roleArnProblem, type AwsSignIn } from './aws-sign-in-advice.js';
import { briefly, ScopeUnavailable, type PlannedScope, type WorkerRole } from './planned-scope.js';

interface AccountPlan {
  id: string;
  name: string;
  regions: string[];
  access: 'read-write' | 'read-only';
  identity: AwsIdentity | undefined;
  /** Where the identity is configured, for messages: `clouds.aws.accounts[1].analysis`. */
  field: string;
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
  for (const [index, a] of aws.accounts.entries()) {
    if (a.access === 'excluded') continue;
    const which = role === 'actions' && a.access === 'read-write' ? 'actions' : 'analysis';
    plans.push({
      id: a.id,
      name: a.name ?? a.id,
      regions: a.regions ?? aws.regions,
      access: a.access,
      identity: a[which],
      field: `clouds.aws.accounts[${index}].${which}`,
    });
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
        const which = role === 'actions' && access === 'read-write' ? 'actionsRoleName' : 'analysisRoleName';
        // The organization lives in one partition: the member roles are in the partition of its regions.
        const roleArn = `arn:${partitionOf(aws.regions[0]!)}:iam::${m.id}:role/${org[which]!}`;
        const identity = { roleArn, ...(org.externalId ? { externalId: org.externalId } : {}) };
        plans.push({ id: m.id, name: m.name, regions: aws.regions, access, identity, field: 'clouds.aws.organizations' });
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
      // A role ARN that cannot work here is refused before any call: nothing reaches STS.
      const arnProblem = plan.identity?.roleArn && roleArnProblem(plan.identity.roleArn, plan.id, region, plan.field);
      if (arnProblem) throw new ScopeUnavailable(arnProblem);
      const bundled = awsCatalog().some((e) => e.region === region);
      if (!bundled && !(aws.priceList && pricesCacheDir)) {
        throw new ScopeUnavailable(
          `no list prices for region ${region}: Tollgate cannot price a change there. Add aws.priceList to the config (the AWS Price List API, pricing:GetProducts), or remove ${region} (docs/clouds.md, Prices)`,
        );
      }
      const stsEndpoint = plan.identity?.stsEndpoint ?? aws.endpoint;
      const signIn = {
        ...identityOptions(plan.identity),
        sessionName: plan.identity?.sessionName ?? `tollgate-${role}`,
        region,
        ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
      };
      const credentials = awsCredentials(signIn);
      await proveAccount(credentials, plan, region, stsEndpoint, () => awsCredentials({ ...signIn, roleArn: undefined }));
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

/**
 * The credentials work and reach the account the config names, not another one. A refusal is
 * explained from what STS said; for AccessDenied the advice names the principal that asked.
 */
async function proveAccount(
  credentials: AwsCredentials,
  plan: AccountPlan,
  region: string,
  stsEndpoint: string | undefined,
  baseCredentials: () => AwsCredentials,
): Promise<void> {
  let reached: string;
  try {
    reached = await callerAccount(credentials, region, stsEndpoint);
  } catch (error) {
    const signIn: AwsSignIn = {
      account: plan.id,
      region,
      field: plan.field,
      ...identityOptions(plan.identity),
      ...(stsEndpoint ? { stsEndpoint } : {}),
    };
    if ((error as { name?: string }).name === 'AccessDenied' && !callerInDenial(briefly(error))) {
      const caller = await callerIdentity(baseCredentials(), region, stsEndpoint).catch(() => undefined);
      if (caller) signIn.callerArn = caller.arn;
    }
    throw new ScopeUnavailable(awsSignInAdvice(error, signIn));
  }
  if (reached !== plan.id) {
    throw new ScopeUnavailable(`the credentials reach account ${reached}, not ${plan.id}: set ${plan.field}.profile or roleArn so they sign in to ${plan.id}`);
  }
}

import { z } from 'zod';
import { ProviderSchema, type Provider } from './resource.js';

/** The zod form of ResourceScope, for records that carry it. */
export const ResourceScopeSchema = z.object({ provider: ProviderSchema, account: z.string().optional(), region: z.string() });

/** Where a resource lives: the cloud, its account (AWS account, Azure subscription, GCP project) and region. */
export interface ResourceScope {
  provider: Provider;
  account?: string | undefined;
  region: string;
}

const ACCOUNT_WORD: Record<Provider, string> = { aws: 'account', azure: 'subscription', gcp: 'project', sandbox: 'account' };

/** The word each cloud uses for the account level: account, subscription, project. */
export function accountWord(provider: Provider): string {
  return ACCOUNT_WORD[provider];
}

/** "aws account 123456789012, us-east-1"; "azure subscription ?, westeurope" when the account was not recorded. */
export function describeScope(scope: ResourceScope): string {
  return `${scope.provider} ${ACCOUNT_WORD[scope.provider]} ${scope.account ?? '?'}, ${scope.region}`;
}

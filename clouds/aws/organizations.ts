import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentials } from './credentials.js';

export interface MemberAccount {
  id: string;
  name: string;
}

/**
 * The ACTIVE member accounts of the organization, read with the given (management or delegated
 * administrator) credentials: organizations:ListAccounts. Suspended and closing accounts are left out.
 */
export async function listMemberAccounts(credentials: AwsCredentials, options: { endpoint?: string } = {}): Promise<MemberAccount[]> {
  // Organizations is a global service served from us-east-1.
  const client = new OrganizationsClient({ region: 'us-east-1', credentials, maxAttempts: 2, ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  const accounts: MemberAccount[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListAccountsCommand(token ? { NextToken: token } : {}));
      for (const a of page.Accounts ?? []) {
        const state = a.State ?? a.Status;
        if (a.Id && state === 'ACTIVE') accounts.push({ id: a.Id, name: a.Name ?? a.Id });
      }
      token = page.NextToken;
    } while (token);
  } finally {
    client.destroy();
  }
  return accounts;
}

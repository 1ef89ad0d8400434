import type { AccessToken, TokenCredential } from '@azure/core-auth';

/**
 * A TokenCredential that hands out one fixed bearer token. For the loopback ARM server in tests
 * (it checks the header, nothing more); production uses @azure/identity's DefaultAzureCredential.
 */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}

  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

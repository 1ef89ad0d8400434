/**
 * The two calls google-gax's REST transport makes on its auth client, answered with one fixed
 * bearer token: for the loopback GCE server in tests only. Production omits it and the clients
 * use Application Default Credentials.
 */
export class StaticTokenAuth {
  readonly universeDomain = 'googleapis.com';

  constructor(private readonly token: string) {}

  async getRequestHeaders(): Promise<Headers> {
    return new Headers({ authorization: `Bearer ${this.token}` });
  }

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.token}`);
    return fetch(url, { ...init, headers });
  }
}

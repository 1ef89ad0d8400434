/**
 * Opens issues through Jira Cloud REST v3 (`POST /rest/api/3/issue`) with an API token
 * (basic auth: account email + token). The token is held here only: never logged, never in an
 * error message or an audit record.
 */

/** An Atlassian Document Format node (the v3 API's rich text); only what alerts use. */
export type AdfNode = { type: string; version?: number; text?: string; content?: AdfNode[]; attrs?: Record<string, unknown>; marks?: { type: string }[] };

export interface JiraIssueRequest {
  project: string;
  issueType: string;
  summary: string;
  description: AdfNode;
  labels?: string[];
}

export interface CreatedIssue {
  id: string;
  key: string;
  /** the issue in the browser: <site>/browse/<key> */
  url: string;
}

export interface JiraSite {
  /** https://your-site.atlassian.net */
  baseUrl: string;
  email: string;
  apiToken: string;
}

/** A refusal from Jira, with its errorMessages and per-field errors (the 400 body), never the credentials. */
export class JiraError extends Error {
  override readonly name = 'JiraError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class JiraClient {
  private readonly authorization: string;

  constructor(private readonly site: Pick<JiraSite, 'baseUrl' | 'email'> & { apiToken: string }) {
    this.authorization = `Basic ${Buffer.from(`${site.email}:${site.apiToken}`).toString('base64')}`;
  }

  get baseUrl(): string {
    return this.site.baseUrl.replace(/\/+$/, '');
  }

  async createIssue(request: JiraIssueRequest): Promise<CreatedIssue> {
    const response = await fetch(`${this.baseUrl}/rest/api/3/issue`, {
      method: 'POST',
      headers: { authorization: this.authorization, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        fields: {
          project: { key: request.project },
          issuetype: { name: request.issueType },
          summary: request.summary.slice(0, 255),
          description: request.description,
          ...(request.labels ? { labels: request.labels } : {}),
        },
      }),
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: unknown; key?: unknown; errorMessages?: unknown; errors?: unknown };
    if (response.status === 201 && typeof body.key === 'string' && typeof body.id === 'string') {
      return { id: body.id, key: body.key, url: `${this.baseUrl}/browse/${body.key}` };
    }
    throw new JiraError(response.status, `Jira refused the issue in project ${request.project} (HTTP ${response.status}): ${reasonsOf(response.status, body)}`);
  }
}

function reasonsOf(status: number, body: { errorMessages?: unknown; errors?: unknown }): string {
  const messages = Array.isArray(body.errorMessages) ? body.errorMessages.map(String) : [];
  const fields = body.errors && typeof body.errors === 'object' ? Object.entries(body.errors).map(([field, message]) => `${field}: ${String(message)}`) : [];
  const all = [...messages, ...fields];
  if (status === 401) all.push('check JIRA_EMAIL and JIRA_API_TOKEN (the token is never shown)');
  if (status === 403) all.push('the token user may not create issues in this project');
  return all.length > 0 ? all.join('; ') : 'no reason given';
}

/** The site from the environment, or undefined when Jira is not configured (JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN). */
export function jiraFromEnv(env: NodeJS.ProcessEnv): JiraClient | undefined {
  const { JIRA_BASE_URL: baseUrl, JIRA_EMAIL: email, JIRA_API_TOKEN: apiToken } = env;
  if (!baseUrl && !email && !apiToken) return undefined;
  const missing = [
    ['JIRA_BASE_URL', baseUrl],
    ['JIRA_EMAIL', email],
    ['JIRA_API_TOKEN', apiToken],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length > 0)
    throw new Error(`Jira is half configured: set ${missing.join(' and ')} too, or unset JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN to run without Jira`);
  return new JiraClient({ baseUrl: baseUrl!, email: email!, apiToken: apiToken! });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jiraFromEnv, JiraClient, JiraError } from '../../activities/jira-client.js';
import { JiraApiServer } from '../support/jira-api.js';

async function refusalOf(created: Promise<unknown>): Promise<JiraError> {
  const error = await created.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof JiraError)) throw new Error(`expected a JiraError, got ${String(error)}`);
  return error;
}

/** The Jira Cloud REST v3 client against the loopback site (test/support/jira-api.ts). */
describe('Jira client: POST /rest/api/3/issue', () => {
  const jira = new JiraApiServer();
  let baseUrl: string;
  const doc = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'root cause: resource=i-1' }] }] };

  beforeAll(async () => {
    baseUrl = await jira.start();
    jira.projects = { OPS: ['Task'] };
  });
  afterAll(() => jira.stop());

  it('creates an issue (201) and returns its key and browse URL', async () => {
    const client = new JiraClient({ baseUrl: `${baseUrl}/`, email: jira.email, apiToken: jira.apiToken });
    const issue = await client.createIssue({ project: 'OPS', issueType: 'Task', summary: 'Cost anomaly', description: doc, labels: ['tollgate'] });
    expect(issue).toEqual({ id: expect.stringMatching(/^\d+$/), key: 'OPS-1', url: `${baseUrl}/browse/OPS-1` });
    expect(jira.issues.at(-1)?.fields).toMatchObject({ project: { key: 'OPS' }, issuetype: { name: 'Task' }, labels: ['tollgate'] });
  });

  it('a 400 names each field error; a 401 says which settings to check and never shows the token', async () => {
    const client = new JiraClient({ baseUrl, email: jira.email, apiToken: jira.apiToken });
    const refused = await refusalOf(client.createIssue({ project: 'OPS', issueType: 'Epic', summary: '', description: doc }));
    expect(refused).toBeInstanceOf(JiraError);
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('issuetype: Specify a valid issue type');
    expect(refused.message).toContain('summary: You must specify a summary of the issue.');

    const secret = 'wrong-token-9f8e7d';
    const wrong = new JiraClient({ baseUrl, email: jira.email, apiToken: secret });
    const denied = await refusalOf(wrong.createIssue({ project: 'OPS', issueType: 'Task', summary: 'x', description: doc }));
    expect(denied.status).toBe(401);
    expect(denied.message).toContain('check JIRA_EMAIL and JIRA_API_TOKEN');
    expect(denied.message).not.toContain(secret);
    expect(JSON.stringify(denied)).not.toContain(secret);
  });

  it('reads its site from the environment, refusing a half configuration by name', () => {
    expect(jiraFromEnv({})).toBeUndefined();
    expect(jiraFromEnv({ JIRA_BASE_URL: baseUrl, JIRA_EMAIL: 'a@b', JIRA_API_TOKEN: 't' })).toBeInstanceOf(JiraClient);
    expect(() => jiraFromEnv({ JIRA_BASE_URL: baseUrl })).toThrow('set JIRA_EMAIL and JIRA_API_TOKEN too');
  });
});

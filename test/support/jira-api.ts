import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An issue as the loopback site stored it, with the request's fields verbatim. */
export interface JiraIssue {
  id: string;
  key: string;
  fields: { project: { key: string }; issuetype: { name: string }; summary: string; description: AdfDoc; labels?: string[] };
  /** the Authorization header the client sent (to prove credentials were used, and only there) */
  authorization: string;
}

type AdfDoc = { type: 'doc'; version: 1; content: unknown[] };

/**
 * A loopback Jira Cloud site for `POST /rest/api/3/issue`, shaped from the published REST v3
 * spec: basic auth (email:API token) or 401 with `errorMessages`; a body whose `fields` names a
 * known project and one of its issue types, a summary (1–255 characters, one line) and an
 * Atlassian Document Format description, else 400 with `errorMessages` and per-field `errors`;
 * 201 with `{ id, key, self }` when created.
 */
export class JiraApiServer {
  readonly issues: JiraIssue[] = [];
  /** project key → issue type names it accepts */
  projects: Record<string, string[]> = {};
  /** the only credentials it accepts */
  email = 'tollgate@example.com';
  apiToken = 'jira-test-token';
  requests = 0;
  private server: Server | undefined;
  private nextId = 10_000;
  private baseUrl = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.requests += 1;
        const [status, payload] = this.answer(req.method ?? '', req.url ?? '', String(req.headers.authorization ?? ''), body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private answer(method: string, url: string, authorization: string, raw: string): [number, unknown] {
    if (method !== 'POST' || url.split('?')[0] !== '/rest/api/3/issue') return [404, { errorMessages: [`no route ${method} ${url}`], errors: {} }];
    const expected = `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
    if (authorization !== expected)
      return [401, { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} }];
    let body: { fields?: Record<string, unknown> };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return [400, { errorMessages: ['Unexpected character in the request body'], errors: {} }];
    }
    const fields = body.fields ?? {};
    const errors: Record<string, string> = {};
    const projectKey = (fields.project as { key?: unknown } | undefined)?.key;
    const types = typeof projectKey === 'string' ? this.projects[projectKey] : undefined;
    if (!types) errors.project = 'valid project is required';
    const issueType = (fields.issuetype as { name?: unknown } | undefined)?.name;
    if (types && (typeof issueType !== 'string' || !types.includes(issueType))) errors.issuetype = 'Specify a valid issue type';
    const summary = fields.summary;
    if (typeof summary !== 'string' || summary.trim() === '') errors.summary = 'You must specify a summary of the issue.';
    else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    else if (/[\r\n]/.test(summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
    if (fields.description !== undefined && !isAdfDoc(fields.description))
      errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format).';
    if (Object.keys(errors).length > 0) return [400, { errorMessages: [], errors }];
    const id = String(this.nextId++);
    const key = `${String(projectKey)}-${this.issues.filter((i) => i.fields.project.key === projectKey).length + 1}`;
    this.issues.push({ id, key, fields: fields as JiraIssue['fields'], authorization });
    return [201, { id, key, self: `${this.baseUrl}/rest/api/3/issue/${id}` }];
  }
}

/** The ADF root: `{ type: "doc", version: 1, content: [block nodes] }`, every node typed, text nodes with text. */
function isAdfDoc(value: unknown): value is AdfDoc {
  const doc = value as { type?: unknown; version?: unknown; content?: unknown };
  return doc?.type === 'doc' && doc.version === 1 && Array.isArray(doc.content) && doc.content.every(isNode);
}

function isNode(value: unknown): boolean {
  const node = value as { type?: unknown; text?: unknown; content?: unknown };
  if (typeof node?.type !== 'string') return false;
  if (node.type === 'text') return typeof node.text === 'string' && node.text.length > 0;
  return node.content === undefined || (Array.isArray(node.content) && node.content.every(isNode));
}

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A loopback AWS STS endpoint (Query API, version 2011-06-15) that enforces role trust policies,
 * which moto does not. Shaped from the STS API reference: form-encoded POSTs with `Action`,
 * `AssumeRole` / `GetCallerIdentity` answered in `<ActionResponse>` XML, errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>` with the
 * status codes STS uses: 403 AccessDenied (trust policy or external id; STS does not say which),
 * 403 InvalidClientTokenId (unknown access key), 400 ExpiredToken, 400 ValidationError.
 * The caller is the access key id in the SigV4 `Authorization` header; signatures are not verified.
 */
export interface StsPrincipal {
  arn: string;
  account: string;
  /** ExpiredToken for every call signed with this key (an SSO session or role session past its end). */
  expired?: boolean;
}

export interface StsRoleTrust {
  /** Principal ARNs the trust policy names with sts:AssumeRole. */
  trusted: string[];
  /** The trust policy's `sts:ExternalId` condition, if any. */
  externalId?: string;
}

export interface StsServer {
  endpoint: string;
  /** Access key id → who signs with it. Sessions issued by AssumeRole are added here. */
  principals: Map<string, StsPrincipal>;
  /** Role ARN → its trust policy. A role not listed does not exist (AccessDenied, as in STS). */
  roles: Map<string, StsRoleTrust>;
  /** Every request's Action, in order. */
  actions: string[];
  stop(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function requestId(): string {
  return randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'loopback' });
  res.end(
    `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>Sender</Type>\n    <Code>${code}</Code>\n    <Message>${escapeXml(message)}</Message>\n  </Error>\n  <RequestId>${requestId()}</RequestId>\n</ErrorResponse>\n`,
  );
}

function sendResult(res: ServerResponse, action: string, body: string): void {
  res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': 'loopback' });
  res.end(
    `<${action}Response xmlns="${NS}">\n  <${action}Result>\n${body}  </${action}Result>\n  <ResponseMetadata>\n    <RequestId>${requestId()}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startStsServer(): Promise<StsServer> {
  const principals = new Map<string, StsPrincipal>();
  const roles = new Map<string, StsRoleTrust>();
  const actions: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const form = await readForm(req);
    const action = form.get('Action') ?? '';
    actions.push(action);
    const keyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
    const caller = keyId ? principals.get(keyId) : undefined;
    if (!caller) return sendError(res, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (caller.expired) return sendError(res, 400, 'ExpiredToken', 'The security token included in the request is expired');

    if (action === 'GetCallerIdentity') {
      return sendResult(res, action, `    <Arn>${escapeXml(caller.arn)}</Arn>\n    <UserId>${keyId}</UserId>\n    <Account>${caller.account}</Account>\n`);
    }
    if (action !== 'AssumeRole') return sendError(res, 400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);

    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return sendError(res, 400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`);
    }
    const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    if (!role) return sendError(res, 400, 'ValidationError', `${roleArn} is invalid`);
    const trust = roles.get(roleArn);
    // STS gives one answer for a missing role, an untrusted caller and a wrong or missing external id.
    const allowed = trust?.trusted.includes(caller.arn) && (trust.externalId === undefined || trust.externalId === form.get('ExternalId'));
    if (!allowed) return sendError(res, 403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);

    const sessionKey = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const assumedArn = `arn:aws:sts::${role[1]}:assumed-role/${role[2]}/${sessionName}`;
    principals.set(sessionKey, { arn: assumedArn, account: role[1]! });
    const expiration = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return sendResult(
      res,
      action,
      [
        '    <AssumedRoleUser>',
        `      <Arn>${escapeXml(assumedArn)}</Arn>`,
        `      <AssumedRoleId>AROA${randomBytes(8).toString('hex').toUpperCase()}:${escapeXml(sessionName)}</AssumedRoleId>`,
        '    </AssumedRoleUser>',
        '    <Credentials>',
        `      <AccessKeyId>${sessionKey}</AccessKeyId>`,
        `      <SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>`,
        `      <SessionToken>${randomBytes(32).toString('base64')}</SessionToken>`,
        `      <Expiration>${expiration}</Expiration>`,
        '    </Credentials>',
        '',
      ].join('\n'),
    );
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, 500, 'InternalFailure', (error as Error).message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    principals,
    roles,
    actions,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

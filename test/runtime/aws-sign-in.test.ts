import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCredentials, callerAccount } from '../../clouds/aws/index.js';
import { awsSignInAdvice, partitionOf, roleArnProblem, type AwsSignIn } from '../../runtime/clouds/aws-sign-in-advice.js';
import { openClouds } from '../../runtime/clouds/open-clouds.js';
import { runtimeConfig } from '../../runtime/config.js';
import { freePort } from '../../runtime/free-port.js';
import { loadDeploymentConfig } from '../../runtime/load-deployment-config.js';
import { startStsServer, type StsServer } from '../support/sts-server.js';
import { REPO } from '../support/world.js';

const exec = promisify(execFile);
const WORKER = 'arn:aws:iam::123456789012:user/tollgate-worker';
const ROLE = 'arn:aws:iam::111111111111:role/TollgateAnalysis';
const dir = mkdtempSync(join(tmpdir(), 'tollgate-aws-sign-in-'));

/**
 * Signing in to an AWS scope that refuses. moto does not enforce role trust policies, so STS here
 * is the loopback server in test/support/sts-server.ts, which does (trusted principals and the
 * sts:ExternalId condition) and answers with STS's own error documents: every error below is the
 * real SDK's parse of one, not a constructed object.
 */
describe('signing in to an AWS account that refuses', () => {
  let sts: StsServer;
  const env = (accessKeyId: string) => ({
    PATH: process.env.PATH,
    HOME: dir,
    TOLLGATE_HOME: dir,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'loopback',
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });

  beforeAll(async () => {
    sts = await startStsServer();
    sts.principals.set('worker-key', { arn: WORKER, account: '123456789012' });
    sts.principals.set('expired-key', { arn: WORKER, account: '123456789012', expired: true });
    sts.roles.set(ROLE, { trusted: [WORKER], externalId: 'tollgate-prod' });
    writeFileSync(join(dir, 'aws-config'), '');
  });
  afterAll(() => sts?.stop());

  /** AssumeRole then GetCallerIdentity, as a scope's start-up check does, with the given base key. */
  async function signInError(accessKeyId: string, externalId?: string, endpoint = sts.endpoint, sessionName = 'tollgate-analysis'): Promise<unknown> {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback';
    try {
      const credentials = awsCredentials({
        roleArn: ROLE,
        sessionName,
        region: 'us-east-1',
        endpoint,
        ...(externalId ? { externalId } : {}),
      });
      return await callerAccount(credentials, 'us-east-1', endpoint).then(
        (account) => ({ account }),
        (error: unknown) => error,
      );
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  }

  const scope = (extra: Partial<AwsSignIn> = {}): AwsSignIn => ({
    account: '111111111111',
    region: 'us-east-1',
    field: 'clouds.aws.accounts[0].analysis',
    roleArn: ROLE,
    stsEndpoint: sts.endpoint,
    ...extra,
  });

  it('the loopback STS lets the trusted principal in with the right external id, and only then', async () => {
    expect(await signInError('worker-key', 'tollgate-prod')).toEqual({ account: '111111111111' });
    expect(sts.actions.slice(-2)).toEqual(['AssumeRole', 'GetCallerIdentity']);
  });

  it('AccessDenied: names the caller, the role, the trust policy and the external id', async () => {
    const wrongId = await signInError('worker-key', 'tollgate-typo');
    expect((wrongId as Error).name).toBe('AccessDenied');
    const advice = awsSignInAdvice(wrongId, scope({ externalId: 'tollgate-typo' }));
    expect(advice).toContain(`STS refused to let ${WORKER} assume ${ROLE} (AccessDenied)`);
    expect(advice).toMatch(/trust policy must allow sts:AssumeRole to arn:aws:iam::123456789012:user\/tollgate-worker/);
    expect(advice).toMatch(/sts:ExternalId condition must equal clouds\.aws\.accounts\[0\]\.analysis\.externalId/);
    // The external id is a shared secret of sorts: it is never repeated in the message.
    expect(advice).not.toContain('tollgate-typo');

    const noId = awsSignInAdvice(await signInError('worker-key'), scope());
    expect(noId).toMatch(/no clouds\.aws\.accounts\[0\]\.analysis\.externalId is set: if the trust policy has an sts:ExternalId condition, add it/);
  });

  it('InvalidClientTokenId, ExpiredToken and an unreachable STS each get their own advice', async () => {
    const unknownKey = await signInError('deleted-key', 'tollgate-prod');
    expect((unknownKey as Error).name).toBe('InvalidClientTokenId');
    expect(awsSignInAdvice(unknownKey, scope({ profile: 'prod' }))).toMatch(
      /does not recognise the worker's access key \(InvalidClientTokenId\): the keys of profile prod are deleted, deactivated/,
    );

    const expired = await signInError('expired-key', 'tollgate-prod');
    expect((expired as Error).name).toBe('ExpiredToken');
    expect(awsSignInAdvice(expired, scope({ profile: 'prod' }))).toMatch(/credentials have expired \(ExpiredToken\): run "aws sso login --profile prod"/);

    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await signInError('worker-key', 'tollgate-prod', closed);
    expect(awsSignInAdvice(unreachable, scope({ stsEndpoint: closed }))).toMatch(
      new RegExp(`^${closed.replace(/\./g, '\\.')} is not reachable \\(.*ECONNREFUSED.*\\): check clouds\\.aws\\.accounts\\[0\\]\\.analysis\\.stsEndpoint`),
    );
  });

  it('ValidationError from STS, and the codes the loopback cannot produce', async () => {
    const badSession = await signInError('worker-key', 'tollgate-prod', sts.endpoint, 'tollgate analysis');
    expect((badSession as Error).name).toBe('ValidationError');
    expect(awsSignInAdvice(badSession, scope())).toMatch(
      /^STS refused the AssumeRole parameters \(ValidationError: .*roleSessionName.*\): check .*sessionName \(2 to 64 of/,
    );
    // The loopback does not verify signatures nor model regions: these two are SDK-shaped errors built here.
    const coded = (name: string, message: string) => Object.assign(new Error(message), { name });
    expect(awsSignInAdvice(coded('SignatureDoesNotMatch', 'The request signature we calculated does not match'), scope())).toMatch(
      /rejected the request signature \(SignatureDoesNotMatch\): the secret key .* or this machine's clock is off/,
    );
    expect(awsSignInAdvice(coded('RegionDisabledException', 'STS is not activated in this region'), scope({ region: 'ap-east-1' }))).toMatch(
      /STS is not activated in ap-east-1 .*set clouds\.aws\.accounts\[0\]\.analysis\.stsEndpoint/,
    );
  });

  it('a role ARN of another partition or account is refused before any call', () => {
    expect(roleArnProblem('arn:aws-cn:iam::111111111111:role/R', '111111111111', 'us-east-1', 'f')).toMatch(
      /in the aws-cn partition, but region us-east-1 is in aws: .*Use arn:aws:iam::111111111111:role\/R/,
    );
    expect(roleArnProblem('arn:aws:iam::111111111111:role/R', '111111111111', 'cn-north-1', 'f')).toMatch(/region cn-north-1 is in aws-cn/);
    expect(roleArnProblem('arn:aws:iam::999999999999:role/R', '111111111111', 'us-east-1', 'f')).toMatch(/a role in account 999999999999, not 111111111111/);
    expect(roleArnProblem('arn:aws-us-gov:iam::111111111111:role/path/R', '111111111111', 'us-gov-west-1', 'f')).toBeUndefined();
  });

  it("property: a role ARN is accepted exactly when its partition is the region's and its account the scope's", () => {
    const regions = fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'ap-south-2');
    const partitions = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b');
    const account = fc.stringMatching(/^\d{12}$/);
    fc.assert(
      fc.property(regions, partitions, account, account, (region, partition, scopeAccount, roleAccount) => {
        const problem = roleArnProblem(`arn:${partition}:iam::${roleAccount}:role/Tollgate`, scopeAccount, region, 'f');
        expect(problem === undefined).toBe(partition === partitionOf(region) && roleAccount === scopeAccount);
      }),
    );
  });

  const deniedConfig = (name: string, sandbox: boolean) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      [
        'clouds:',
        ...(sandbox ? ['  sandbox: {}'] : []),
        '  aws:',
        '    regions: [us-east-1]',
        '    accounts:',
        '      - id: "111111111111"',
        '        name: prod',
        `        analysis: { roleArn: "${ROLE}", externalId: tollgate-typo, stsEndpoint: ${sts.endpoint} }`,
        '      - id: "222222222222"',
        '        analysis: { roleArn: "arn:aws-cn:iam::222222222222:role/TollgateAnalysis" }',
      ].join('\n'),
    );
    return path;
  };

  it('the scope is skipped with the advice, a wrong-partition role without a call, and the other scopes open', async () => {
    const calls = sts.actions.length;
    const clouds = await withEnv(env('worker-key'), () =>
      openClouds(loadDeploymentConfig(deniedConfig('denied-and-sandbox.yaml', true)), runtimeConfig(env('worker-key')), 'analysis', env('worker-key')),
    );
    expect([...clouds.providers.keys()]).toEqual(['sandbox']);
    const reasons = Object.fromEntries(clouds.skipped.map((s) => [s.label, s.reason]));
    expect(reasons['aws account 111111111111 (prod) us-east-1']).toMatch(/STS refused to let arn:aws:iam::123456789012:user\/tollgate-worker assume/);
    expect(reasons['aws account 222222222222 us-east-1']).toMatch(/clouds\.aws\.accounts\[1\]\.analysis\.roleArn .* is in the aws-cn partition/);
    // One AssumeRole for the denied scope; nothing at all for the wrong partition.
    expect(sts.actions.slice(calls)).toEqual(['AssumeRole']);
  });

  it('a worker with only such scopes refuses to start, with the same advice on stderr', async () => {
    const result = await exec(
      process.execPath,
      [join(REPO, 'bin/tollgate.mjs'), 'worker', '--queue', 'analysis', '--config', deniedConfig('denied-only.yaml', false)],
      {
        env: { ...env('worker-key'), TOLLGATE_LOG_LEVEL: 'warn', TEMPORAL_ADDRESS: '127.0.0.1:1' },
        cwd: REPO,
        timeout: 120_000,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/tollgate: no cloud scope in .*denied-only\.yaml could be opened by the analysis worker/);
    expect(result.stderr).toMatch(
      /- aws account 111111111111 \(prod\) us-east-1: STS refused to let arn:aws:iam::123456789012:user\/tollgate-worker assume arn:aws:iam::111111111111:role\/TollgateAnalysis \(AccessDenied\): .*trust policy/,
    );
    expect(result.stderr).toMatch(/- aws account 222222222222 us-east-1: .*aws-cn partition/);
  }, 150_000);
});

/** The SDK's default chain reads process.env: set it for the duration of one in-process call. */
async function withEnv<T>(vars: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

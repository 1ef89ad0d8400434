import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { keyPairSigner, type ApprovalSigner } from '../../approvals/signing/approval-signer.js';
import { parseOpenSshPrivateKey } from '../../approvals/signing/openssh-key.js';
import { formatSshPublicKey, parseSshPublicKey } from '../../core/index.js';
import { SlackApprovals, temporalAnomalyGateway, temporalGateway } from '../../approvals/slack/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { log } from '../../runtime/logger.js';
import { connectClient } from '../../runtime/temporal.js';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; see docs/approvals.md (Slack setup)`);
  return value;
}

/** Where `slack serve` listens: loopback by default, so only a reverse proxy or tunnel on this host reaches it. */
export function listenAddress(opts: { port: string; host: string }): { port: number; host: string } {
  const port = Number(opts.port);
  if (!/^\d+$/.test(opts.port) || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${opts.port}"`);
  const host = opts.host.trim();
  if (!host) throw new Error('--host must name an address to listen on, e.g. 127.0.0.1 (the default) or 0.0.0.0 for every interface');
  return { port, host };
}

/**
 * The Slack app's signing key (TOLLGATE_SLACK_APP_KEY: an unencrypted ed25519 private key file).
 * A key the policy does not trust (approvals.slack.appKeys) is refused at start, not at each click.
 */
function slackAppSigner(keyFile: string | undefined, trusted: readonly string[]): ApprovalSigner | undefined {
  if (!keyFile) {
    log.warn('TOLLGATE_SLACK_APP_KEY is not set: Slack decisions go unsigned, and approvals count only where the policy allows unsigned ones');
    return undefined;
  }
  const pair = parseOpenSshPrivateKey(readFileSync(keyFile, 'utf8'), keyFile);
  const listed = trusted.some((line) => parseSshPublicKey(line).fingerprint === pair.publicKey.fingerprint);
  if (!listed) {
    throw new Error(
      `${keyFile} (${pair.publicKey.fingerprint}) is not in approvals.slack.appKeys; add "${formatSshPublicKey(pair.publicKey, 'tollgate slack app')}" to the policy`,
    );
  }
  return keyPairSigner(pair);
}

export function registerSlack(program: Command): void {
  const slack = program.command('slack').description('the Slack approval app');

  slack
    .command('serve')
    .description('serve Slack interactions (Approve / Reject / Snooze, anomaly Expected / Unexpected / Planned) over HTTP at /slack/events')
    .option('--port <port>', 'listen port', '3000')
    .option('--host <host>', 'listen address; 0.0.0.0 for every interface (put TLS in front)', '127.0.0.1')
    .action(async (opts: { port: string; host: string }) => {
      const { port, host } = listenAddress(opts);
      const config = runtimeConfig();
      const policy = loadPolicy(config.policyPath);
      const signer = slackAppSigner(process.env.TOLLGATE_SLACK_APP_KEY, policy.approvals.slack.appKeys);
      const client = await connectClient(config);
      const app = new SlackApprovals({
        signingSecret: requiredEnv('SLACK_SIGNING_SECRET'),
        botToken: requiredEnv('SLACK_BOT_TOKEN'),
        ...(process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {}),
        policy: policy.approvals.slack,
        gateway: temporalGateway(client),
        anomalies: temporalAnomalyGateway(client),
        log,
        ...(signer ? { signer } : {}),
      });
      await app.start(port, host);
      log.info({ host, port, endpoint: '/slack/events' }, 'Slack approvals listening');
      const shutdown = async () => {
        await app.stop();
        await client.connection.close();
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    });
}

import type { Command } from 'commander';
import { SlackApprovals, temporalGateway } from '../../approvals/slack/index.js';
import { loadPolicy, runtimeConfig } from '../config.js';
import { log } from '../logger.js';
import { connectClient } from '../temporal.js';

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

export function registerSlack(program: Command): void {
  const slack = program.command('slack').description('the Slack approval app');

  slack
    .command('serve')
    .description('serve Slack interactions (Approve / Reject / Snooze) over HTTP at /slack/events')
    .option('--port <port>', 'listen port', '3000')
    .option('--host <host>', 'listen address; 0.0.0.0 for every interface (put TLS in front)', '127.0.0.1')
    .action(async (opts: { port: string; host: string }) => {
      const { port, host } = listenAddress(opts);
      const config = runtimeConfig();
      const client = await connectClient(config);
      const app = new SlackApprovals({
        signingSecret: requiredEnv('SLACK_SIGNING_SECRET'),
        botToken: requiredEnv('SLACK_BOT_TOKEN'),
        ...(process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {}),
        policy: loadPolicy(config.policyPath).approvals.slack,
        gateway: temporalGateway(client),
        log,
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

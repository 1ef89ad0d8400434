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

export function registerSlack(program: Command): void {
  const slack = program.command('slack').description('the Slack approval app');

  slack
    .command('serve')
    .description('serve Slack interactions (Approve / Reject / Snooze) over HTTP at /slack/events')
    .option('--port <port>', 'listen port', '3000')
    .action(async (opts: { port: string }) => {
      const config = runtimeConfig();
      const client = await connectClient(config);
      const app = new SlackApprovals({
        signingSecret: requiredEnv('SLACK_SIGNING_SECRET'),
        botToken: requiredEnv('SLACK_BOT_TOKEN'),
        ...(process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {}),
        policy: loadPolicy(config.policyPath).approvals.slack,
        gateway: temporalGateway(client),
      });
      await app.start(Number(opts.port));
      log.info({ port: Number(opts.port), endpoint: '/slack/events' }, 'Slack approvals listening');
      const shutdown = async () => {
        await app.stop();
        await client.connection.close();
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    });
}

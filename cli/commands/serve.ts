import type { Command } from 'commander';
import { runtimeConfig } from '../../runtime/config.js';
import { startConsole } from '../../runtime/console.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the web console: approval queue, evidence, passkey approvals, audit trail (docs/console.md)')
    .option('--config <file>', 'deployment config: the clouds whose tags the queue shows (default: $TOLLGATE_CONFIG, else the sandbox)')
    .option('--host <host>', 'address to listen on; a loopback address is served as http://localhost (passkeys need a host name)', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8787')
    .action(async (opts: { config?: string; host: string; port: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${opts.port}"`);
      const running = await startConsole(runtimeConfig(), { host: opts.host, port, ...(opts.config ? { configPath: opts.config } : {}) });
      process.stdout.write(`console: ${running.url}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await running.close();
    });
}

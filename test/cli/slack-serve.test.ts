import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { listenAddress, registerSlack } from '../../cli/commands/slack.js';

describe('tollgate slack serve: where it listens', () => {
  it('has --host, loopback by default', () => {
    const program = new Command();
    registerSlack(program);
    const serve = program.commands.find((c) => c.name() === 'slack')!.commands.find((c) => c.name() === 'serve')!;
    const host = serve.options.find((o) => o.long === '--host');
    expect(host?.defaultValue).toBe('127.0.0.1');
    expect(listenAddress({ port: '3000', host: host!.defaultValue as string })).toEqual({ port: 3000, host: '127.0.0.1' });
  });

  it('takes another address when told, and refuses a bad port or an empty host by name', () => {
    expect(listenAddress({ port: '8080', host: '0.0.0.0' })).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(() => listenAddress({ port: 'abc', host: '127.0.0.1' })).toThrow(/--port must be a whole number from 0 to 65535, not "abc"/);
    expect(() => listenAddress({ port: '70000', host: '127.0.0.1' })).toThrow(/--port/);
    expect(() => listenAddress({ port: '3000', host: ' ' })).toThrow(/--host must name an address/);
  });
});

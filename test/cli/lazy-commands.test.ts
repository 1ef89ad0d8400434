import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addLazyCommands, buildManifest } from '../../cli/command-manifest.js';
import { COMMAND_MODULES, registerCommands } from '../../cli/commands/index.js';
import { newProgram } from '../../cli/program.js';
import { REPO } from '../support/world.js';

/** Every command below `command`, with its path from the root. */
function allCommands(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return [{ path: here, command: sub }, ...allCommands(sub, here)];
  });
}

const find = (root: Command, path: string[]): Command | undefined =>
  path.reduce<Command | undefined>((at, name) => at?.commands.find((c) => c.name() === name), root);

describe('commands loaded only when they run', () => {
  it('names a module file for every entry, and each registers at least one command', async () => {
    for (const [module, load] of Object.entries(COMMAND_MODULES)) {
      expect(existsSync(`${REPO}/cli/commands/${module}.ts`), module).toBe(true);
      const program = newProgram();
      (await load())(program);
      expect(program.commands.length, module).toBeGreaterThan(0);
    }
  });

  it('the stubs print the same help as the real commands, for every command and subcommand', async () => {
    const real = newProgram();
    await registerCommands(real);
    const stubs = newProgram();
    addLazyCommands(stubs, JSON.parse(JSON.stringify(await buildManifest())));

    expect(stubs.helpInformation()).toBe(real.helpInformation());
    const paths = allCommands(real);
    expect(paths.length).toBeGreaterThan(30);
    for (const { path, command } of paths) {
      const stub = find(stubs, path);
      expect(stub, path.join(' ')).toBeDefined();
      expect(stub!.helpInformation(), path.join(' ')).toBe(command.helpInformation());
    }
    expect(allCommands(stubs).map((c) => c.path.join(' '))).toEqual(paths.map((c) => c.path.join(' ')));
  });

  it('a stub loads its module and runs the real command with the same arguments', async () => {
    const ran: string[][] = [];
    const real = async () => (program: Command) => {
      program
        .command('greet <name>')
        .requiredOption('--as <user>')
        .action((name: string, opts: { as: string }) => void ran.push([name, opts.as]));
    };
    const shapeSource = newProgram();
    (await real())(shapeSource);
    const { describeCommand, addStubCommand } = await import('../../cli/command-shape.js');
    const stubs = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    let loads = 0;
    addStubCommand(stubs, describeCommand(shapeSource.commands[0]!), async () => {
      loads += 1;
      const program = new Command().exitOverride();
      (await real())(program);
      await program.parseAsync(['greet', 'ada', '--as', 'bob'], { from: 'user' });
    });
    expect(loads).toBe(0);
    await stubs.parseAsync(['greet', 'ada', '--as', 'bob'], { from: 'user' });
    expect(loads).toBe(1);
    expect(ran).toEqual([['ada', 'bob']]);
    // The stub checks what the real command checks before anything loads.
    await expect(stubs.parseAsync(['greet', 'ada'], { from: 'user' })).rejects.toThrow(/--as/);
    expect(loads).toBe(1);
  });
});

import { Command } from 'commander';

/** The root `tollgate` command, before any subcommand is added. */
export function newProgram(): Command {
  return new Command()
    .name('tollgate')
    .description('Cuts cloud bills without doing anything dangerous on its own: findings, proposals, guardrails, human approval, audit.')
    .showHelpAfterError()
    .exitOverride((error) => process.exit(error.exitCode));
}

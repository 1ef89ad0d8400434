import { Argument, Option, type Command } from 'commander';

/**
 * What `--help` and argument parsing need of an option, as JSON. Conflicts and implications are
 * left to the real command, which parses the same arguments again.
 */
export interface OptionShape {
  flags: string;
  description: string;
  mandatory?: true;
  hidden?: true;
  defaultValue?: unknown;
  defaultValueDescription?: string;
  choices?: string[];
  presetArg?: unknown;
  envVar?: string;
  helpGroupHeading?: string;
}

export interface ArgumentShape {
  /** As written to commander: `<id>`, `[paths...]`. */
  usage: string;
  description: string;
  defaultValue?: unknown;
  defaultValueDescription?: string;
  choices?: string[];
}

/** A command, its options, arguments and subcommands, without the code that runs it. */
export interface CommandShape {
  name: string;
  description: string;
  summary?: string;
  aliases?: string[];
  options: OptionShape[];
  arguments: ArgumentShape[];
  hasAction: boolean;
  commands: CommandShape[];
}

const present = <T>(value: T | undefined, key: string): Record<string, T> => (value === undefined ? {} : { [key]: value });

function describeOption(option: Option): OptionShape {
  return {
    flags: option.flags,
    description: option.description,
    ...(option.mandatory ? { mandatory: true as const } : {}),
    ...(option.hidden ? { hidden: true as const } : {}),
    ...present(option.defaultValue as unknown, 'defaultValue'),
    ...present(option.defaultValueDescription, 'defaultValueDescription'),
    ...present(option.argChoices, 'choices'),
    ...present(option.presetArg as unknown, 'presetArg'),
    ...present(option.envVar, 'envVar'),
    ...present(option.helpGroupHeading, 'helpGroupHeading'),
  };
}

function describeArgument(argument: Argument): ArgumentShape {
  const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
  return {
    usage: argument.required ? `<${name}>` : `[${name}]`,
    description: argument.description,
    ...present(argument.defaultValue as unknown, 'defaultValue'),
    ...present(argument.defaultValueDescription, 'defaultValueDescription'),
    ...present(argument.argChoices, 'choices'),
  };
}

export function describeCommand(command: Command): CommandShape {
  const aliases = command.aliases();
  const summary = command.summary();
  return {
    name: command.name(),
    description: command.description(),
    ...(summary ? { summary } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    options: command.options.map(describeOption),
    arguments: command.registeredArguments.map(describeArgument),
    // commander keeps the handler private; a command with subcommands may still have one.
    hasAction: Boolean((command as unknown as { _actionHandler: unknown })._actionHandler),
    commands: command.commands.map(describeCommand),
  };
}

function optionFrom(shape: OptionShape): Option {
  const option = new Option(shape.flags, shape.description);
  if (shape.choices) option.choices(shape.choices);
  if ('defaultValue' in shape || shape.defaultValueDescription !== undefined) option.default(shape.defaultValue, shape.defaultValueDescription);
  if (shape.mandatory) option.makeOptionMandatory();
  if (shape.hidden) option.hideHelp();
  if ('presetArg' in shape) option.preset(shape.presetArg);
  if (shape.envVar) option.env(shape.envVar);
  if (shape.helpGroupHeading) option.helpGroup(shape.helpGroupHeading);
  return option;
}

function argumentFrom(shape: ArgumentShape): Argument {
  const argument = new Argument(shape.usage, shape.description);
  if (shape.choices) argument.choices(shape.choices);
  if ('defaultValue' in shape || shape.defaultValueDescription !== undefined) argument.default(shape.defaultValue, shape.defaultValueDescription);
  return argument;
}

/**
 * Adds a command that parses and prints help exactly as the real one, but whose action
 * only calls `run`: the real command's module is loaded there, never before.
 */
export function addStubCommand(parent: Command, shape: CommandShape, run: () => Promise<void>): Command {
  const command = parent.command(shape.name).description(shape.description);
  if (shape.summary) command.summary(shape.summary);
  if (shape.aliases) command.aliases(shape.aliases);
  for (const option of shape.options) command.addOption(optionFrom(option));
  for (const argument of shape.arguments) command.addArgument(argumentFrom(argument));
  for (const sub of shape.commands) addStubCommand(command, sub, run);
  if (shape.hasAction) command.action(run);
  return command;
}

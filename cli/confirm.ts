import { createInterface } from 'node:readline/promises';

export interface Terminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/** Asks a yes/no question on a terminal; anything but y/yes is no. Never asks when input is not a TTY. */
export async function confirmOnTerminal(question: string, terminal: Terminal = { input: process.stdin, output: process.stderr }): Promise<boolean> {
  if (!terminal.input.isTTY) return false;
  const rl = createInterface({ input: terminal.input, output: terminal.output });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

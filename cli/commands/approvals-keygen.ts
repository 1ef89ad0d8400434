import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatOpenSshPrivateKey, generateKeyPair } from '../../approvals/signing/openssh-key.js';
import { formatSshPublicKey } from '../../core/index.js';

/** `tollgate approvals keygen`: a newcomer's signing key and the policy lines that make it count. */
export function registerKeygen(approvals: Command): void {
  approvals
    .command('keygen')
    .description('create an ed25519 SSH key for signing approvals and print the policy entry for it')
    .requiredOption('--as <approver>', 'your approver id in the policy (e.g. your email)')
    .option('--out <file>', 'where to write the private key (the public key goes to FILE.pub)', join(homedir(), '.ssh', 'tollgate_ed25519'))
    .option('--role <role>', 'the role to show in the policy entry', 'finops')
    .action((opts: { as: string; out: string; role: string }) => {
      const file = resolve(opts.out);
      for (const path of [file, `${file}.pub`]) {
        if (existsSync(path)) throw new Error(`${path} exists; choose another --out (an existing ~/.ssh/id_ed25519 works too: list its .pub in the policy)`);
      }
      const pair = generateKeyPair(opts.as);
      const publicLine = formatSshPublicKey(pair.publicKey, opts.as);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, formatOpenSshPrivateKey(pair), { mode: 0o600 });
      writeFileSync(`${file}.pub`, `${publicLine}\n`, { mode: 0o644 });
      process.stdout.write(
        [
          `wrote ${file} (private: keep it to yourself; "ssh-add ${file}" loads it into ssh-agent) and ${file}.pub`,
          `fingerprint ${pair.publicKey.fingerprint}`,
          '',
          'ask a policy admin to add this under approvals.approvers in the policy:',
          '',
          `    ${JSON.stringify(opts.as)}:`,
          `      role: ${opts.role}`,
          '      keys:',
          `        - ${JSON.stringify(publicLine)}`,
          '',
          `then approve with: tollgate approvals approve ID --as ${opts.as} --hash HASH --key ${file}`,
          '',
        ].join('\n'),
      );
    });
}

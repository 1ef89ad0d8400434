import type { EnrolledPasskey } from '../../core/index.js';

/**
 * The policy lines an admin pastes under `approvals.approvers` to approve a registered passkey
 * (approver entries in their {role, keys, passkeys} form; JSON strings are valid YAML).
 */
export function passkeyPolicySnippet(approver: string, role: string, passkey: EnrolledPasskey): string {
  const fields: [string, string | number | undefined][] = [
    ['credentialId', passkey.credentialId],
    ['publicKey', passkey.publicKey],
    ['rpId', passkey.rpId],
    ['algorithm', passkey.algorithm],
    ['label', passkey.label],
  ];
  const lines = fields.filter(([, v]) => v !== undefined).map(([k, v], i) => `${i === 0 ? '      - ' : '        '}${k}: ${JSON.stringify(v)}`);
  return [`${JSON.stringify(approver)}:`, `  role: ${JSON.stringify(role)}`, '  passkeys:', ...lines.map((l) => l.slice(2))].join('\n');
}

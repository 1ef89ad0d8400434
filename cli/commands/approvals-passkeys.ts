import type { Command } from 'commander';
import { recordStep } from '../../activities/record.js';
import {
  decisionOf,
  ENROLLMENT_PREFIX,
  enrollmentSignedFields,
  PasskeyEnrollmentStore,
  type EnrollmentStatus,
  type PasskeyEnrollment,
} from '../../approvals/passkeys/index.js';
import { resolveSigner } from '../../approvals/signing/approval-signer.js';
import { formatSshPublicKey, parseSshSignature } from '../../core/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { openAudit } from '../../runtime/deps.js';
import { passkeyEnrollmentsPath } from '../../runtime/passkey-enrollments.js';
import { printJson, printTable } from '../output.js';

// `tollgate approvals passkeys list|approve|revoke`: an admin approves a registered passkey with
// their SSH key (docs/approvals.md "Passkeys"). The store checks the signature against the
// policy in the same transaction that changes the enrollment; the audit log records it signed.

function withStore<T>(work: (store: PasskeyEnrollmentStore) => T): T {
  const store = new PasskeyEnrollmentStore(passkeyEnrollmentsPath(runtimeConfig()));
  try {
    return work(store);
  } finally {
    store.close();
  }
}

export function registerPasskeys(approvals: Command): void {
  const passkeys = approvals.command('passkeys').description('passkey enrollments from the console: list, approve or revoke them (admins, signed)');

  passkeys
    .command('list')
    .option('--status <status>', 'pending, approved or revoked')
    .option('--json', 'print JSON')
    .action((opts: { status?: string; json?: boolean }) => {
      if (opts.status && !['pending', 'approved', 'revoked'].includes(opts.status))
        throw new Error(`--status must be pending, approved or revoked, not ${opts.status}`);
      const enrollments = withStore((store) => store.list(opts.status as EnrollmentStatus | undefined));
      if (opts.json) return printJson({ enrollments });
      if (enrollments.length === 0) return void process.stdout.write('no passkey enrollments\n');
      printTable(
        enrollments.map((e) => ({
          id: e.id,
          approver: e.approver,
          credential: `${e.passkey.credentialId.slice(0, 16)}…`,
          rpId: e.passkey.rpId,
          requested: e.requestedAt,
          status: e.status,
          by: e.revocation?.admin ?? e.approval?.admin ?? '',
        })),
        ['id', 'approver', 'credential', 'rpId', 'requested', 'status', 'by'],
      );
    });

  for (const action of ['approve', 'revoke'] as const) {
    passkeys
      .command(`${action} <id>`)
      .description(
        action === 'approve'
          ? 'approve a pending passkey as an admin (never your own), signed with your SSH key'
          : 'revoke a passkey, signed with your SSH key',
      )
      .requiredOption('--as <admin>', 'your approver id; must be listed under approvals.passkeys.admins')
      .option('--key <file>', 'your ed25519 private key (or its .pub, with the private half in ssh-agent)')
      .option('--reason <text>', 'why', '')
      .option('--json', 'print JSON')
      .action(async (id: string, opts: { as: string; key?: string; reason: string; json?: boolean }) => {
        const config = runtimeConfig();
        const policy = loadPolicy(config.policyPath);
        const enrollment = withStore((store) => store.get(id));
        if (!enrollment) throw new Error(`no passkey enrollment ${id}; "tollgate approvals passkeys list" shows them`);
        const adminKeys = Object.hasOwn(policy.approvals.approvers, opts.as) ? (policy.approvals.approvers[opts.as]?.keys ?? []) : [];
        const signer = await resolveSigner({
          ...(opts.key ? { keyFile: opts.key } : {}),
          ...(process.env.SSH_AUTH_SOCK ? { agentSocket: process.env.SSH_AUTH_SOCK } : {}),
          approverKeys: adminKeys,
          approver: opts.as,
        });
        const signed = { admin: opts.as, at: new Date().toISOString(), reason: opts.reason };
        const signature = await signer.sign(enrollmentSignedFields(decisionOf(enrollment, action, signed)));
        const decided = withStore((store) =>
          action === 'approve' ? store.approve(id, { ...signed, signature }, policy) : store.revoke(id, { ...signed, signature }, policy),
        );
        await recordDecision(decided, action, { ...signed, signature });
        if (opts.json) return printJson({ enrollment: decided });
        process.stdout.write(
          action === 'approve'
            ? `approved passkey ${decided.passkey.credentialId.slice(0, 16)}… for ${decided.approver}; workers read it when they start\n`
            : `revoked passkey ${decided.passkey.credentialId.slice(0, 16)}… of ${decided.approver}; restart the workers so none counts it\n`,
        );
      });
  }
}

/** The admin's signed decision goes into the audit log as an approval of the enrollment, so `audit verify` re-verifies it. */
async function recordDecision(e: PasskeyEnrollment, action: 'approve' | 'revoke', signed: { admin: string; at: string; reason: string; signature: string }) {
  const fields = enrollmentSignedFields(decisionOf(e, action, signed));
  const store = openAudit(runtimeConfig());
  try {
    await recordStep(store, {
      workflowId: fields.workflowId,
      findingId: `${ENROLLMENT_PREFIX}${e.id}`,
      step: 'approve',
      actor: { kind: 'human', id: signed.admin },
      input: { enrollmentId: e.id, approver: e.approver, credentialId: e.passkey.credentialId, rpId: e.passkey.rpId },
      summary: `passkey ${e.passkey.credentialId.slice(0, 16)}… of ${e.approver} ${action === 'approve' ? 'approved' : 'revoked'} by ${signed.admin}`,
      output: {
        proposalHash: fields.proposalHash,
        decision: fields.decision,
        approver: signed.admin,
        reason: signed.reason,
        at: signed.at,
        role: 'passkey-admin',
        signature: signed.signature,
        signedWith: formatSshPublicKey(parseSshSignature(signed.signature).publicKey),
        enrollment: { id: e.id, approver: e.approver, passkey: e.passkey, action },
      },
      outcome: `${action === 'approve' ? 'passkey approved' : 'passkey revoked'} for ${e.approver}${signed.reason ? `: ${signed.reason}` : ''}`,
      at: signed.at,
      key: `${fields.workflowId}:${action}`,
    });
  } finally {
    await store.close();
  }
}

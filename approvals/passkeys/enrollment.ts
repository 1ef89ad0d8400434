import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EnrolledPasskeySchema, type EnrolledPasskey } from '../../core/index.js';
import type { Policy } from '../../guardrails/index.js';
import { enrollmentDecisionRefusal, type EnrollmentDecision } from './enrollment-proof.js';

// Passkey enrollments waiting for, or carrying, an admin's signed approval (SQLite, WAL). A
// registered passkey is only requested here; it counts once an admin other than its owner
// approved it with a signature the policy's keys verify (`tollgate approvals passkeys approve`).
// Every change is one transaction that re-reads the row, so two admins racing decide once.

export type EnrollmentStatus = 'pending' | 'approved' | 'revoked';

export interface AdminSignature {
  admin: string;
  at: string;
  reason: string;
  signature: string;
}

export interface PasskeyEnrollment {
  id: string;
  approver: string;
  passkey: EnrolledPasskey;
  requestedAt: string;
  status: EnrollmentStatus;
  approval?: AdminSignature;
  revocation?: AdminSignature;
}

interface Row {
  id: string;
  approver: string;
  passkey: string;
  requested_at: string;
  status: EnrollmentStatus;
  approval: string | null;
  revocation: string | null;
}

export class EnrollmentRefused extends Error {
  override name = 'EnrollmentRefused';
}

export class PasskeyEnrollmentStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS passkey_enrollments (
      id TEXT PRIMARY KEY,
      approver TEXT NOT NULL,
      credential_id TEXT NOT NULL UNIQUE,
      passkey TEXT NOT NULL,
      requested_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'revoked')),
      approval TEXT,
      revocation TEXT
    )`);
  }

  /** Files a registered passkey for an admin's approval; the same credential is filed once. */
  request(approver: string, passkey: EnrolledPasskey, requestedAt: string): PasskeyEnrollment {
    const parsed = EnrolledPasskeySchema.parse(passkey);
    const id = `pk-${randomBytes(6).toString('hex')}`;
    try {
      this.db
        .prepare('INSERT INTO passkey_enrollments (id, approver, credential_id, passkey, requested_at, status) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, approver, parsed.credentialId, JSON.stringify(parsed), requestedAt, 'pending');
    } catch (error) {
      if (String((error as Error).message).includes('UNIQUE'))
        throw new EnrollmentRefused(`passkey ${parsed.credentialId.slice(0, 16)}… is already enrolled or waiting`);
      throw error;
    }
    return this.get(id)!;
  }

  get(id: string): PasskeyEnrollment | undefined {
    const row = this.db.prepare('SELECT * FROM passkey_enrollments WHERE id = ?').get(id) as Row | undefined;
    return row && enrollmentOf(row);
  }

  list(status?: EnrollmentStatus): PasskeyEnrollment[] {
    const rows = (
      status
        ? this.db.prepare('SELECT * FROM passkey_enrollments WHERE status = ? ORDER BY requested_at, id').all(status)
        : this.db.prepare('SELECT * FROM passkey_enrollments ORDER BY requested_at, id').all()
    ) as Row[];
    return rows.map(enrollmentOf);
  }

  /** Approves a pending enrollment with an admin's signature, verified against `policy` inside the transaction. */
  approve(id: string, signed: AdminSignature, policy: Policy): PasskeyEnrollment {
    return this.decide(id, 'approve', signed, policy);
  }

  /** Revokes an enrollment (pending or approved), signed by an admin, who may be its owner. */
  revoke(id: string, signed: AdminSignature, policy: Policy): PasskeyEnrollment {
    return this.decide(id, 'revoke', signed, policy);
  }

  close(): void {
    this.db.close();
  }

  private decide(id: string, action: 'approve' | 'revoke', signed: AdminSignature, policy: Policy): PasskeyEnrollment {
    return this.db.transaction(() => {
      const current = this.get(id);
      if (!current) throw new EnrollmentRefused(`no passkey enrollment ${id}; "tollgate approvals passkeys list" shows them`);
      if (action === 'approve' && current.status !== 'pending') throw new EnrollmentRefused(`enrollment ${id} is ${current.status}, not pending`);
      if (action === 'revoke' && current.status === 'revoked') throw new EnrollmentRefused(`enrollment ${id} is already revoked`);
      const refusal = enrollmentDecisionRefusal(decisionOf(current, action, signed), signed.signature, policy);
      if (refusal) throw new EnrollmentRefused(refusal);
      const column = action === 'approve' ? 'approval' : 'revocation';
      this.db
        .prepare(`UPDATE passkey_enrollments SET status = ?, ${column} = ? WHERE id = ?`)
        .run(action === 'approve' ? 'approved' : 'revoked', JSON.stringify(signed), id);
      return this.get(id)!;
    })();
  }
}

/** The decision an admin signs about this enrollment. */
export function decisionOf(enrollment: PasskeyEnrollment, action: 'approve' | 'revoke', signed: Omit<AdminSignature, 'signature'>): EnrollmentDecision {
  return {
    enrollmentId: enrollment.id,
    approver: enrollment.approver,
    passkey: enrollment.passkey,
    action,
    admin: signed.admin,
    reason: signed.reason,
    at: signed.at,
  };
}

/**
 * approver id → the passkeys of approved enrollments whose admin signature still verifies
 * against `policy` (an admin removed from the policy, or a changed record, no longer counts).
 */
export function approvedPasskeys(enrollments: readonly PasskeyEnrollment[], policy: Policy): Record<string, EnrolledPasskey[]> {
  const out = Object.create(null) as Record<string, EnrolledPasskey[]>;
  for (const e of enrollments) {
    if (e.status !== 'approved' || !e.approval) continue;
    if (enrollmentDecisionRefusal(decisionOf(e, 'approve', e.approval), e.approval.signature, policy)) continue;
    (out[e.approver] ??= []).push(e.passkey);
  }
  return out;
}

function enrollmentOf(row: Row): PasskeyEnrollment {
  return {
    id: row.id,
    approver: row.approver,
    passkey: EnrolledPasskeySchema.parse(JSON.parse(row.passkey)),
    requestedAt: row.requested_at,
    status: row.status,
    ...(row.approval ? { approval: JSON.parse(row.approval) as AdminSignature } : {}),
    ...(row.revocation ? { revocation: JSON.parse(row.revocation) as AdminSignature } : {}),
  };
}

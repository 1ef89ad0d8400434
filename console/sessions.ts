import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A browser's session: anonymous until a passkey sign-in names the approver. */
export interface Session {
  id: string;
  /** Sent back with every POST (header or form field): a cross-site form cannot know it. */
  csrfToken: string;
  approver?: string;
  /** The challenge of a sign-in or registration in progress, bound to this session only. */
  challenge?: { purpose: 'login' | 'register'; value: string; approver?: string; issuedMs: number };
  expiresMs: number;
}

export const SESSION_COOKIE = 'tollgate_session';
/** A signed-in session lasts a working day; it lets one view, never decide. */
export const SESSION_TTL_MS = 12 * 3600_000;
const MAX_SESSIONS = 10_000;

const token = () => randomBytes(32).toString('base64url');

/** Sessions in memory: a restart signs everyone out, which is the safe direction. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The live session a cookie names, or a fresh anonymous one. */
  resolve(cookieValue: string | undefined): { session: Session; fresh: boolean } {
    const found = cookieValue ? this.sessions.get(cookieValue) : undefined;
    if (found && found.expiresMs > this.now()) return { session: found, fresh: false };
    if (found) this.sessions.delete(found.id);
    return { session: this.create(), fresh: true };
  }

  /** Signing in gets a new id and token (no session fixation); the old id stops working. */
  signIn(session: Session, approver: string): Session {
    this.sessions.delete(session.id);
    const next: Session = { id: token(), csrfToken: token(), approver, expiresMs: this.now() + SESSION_TTL_MS };
    this.sessions.set(next.id, next);
    return next;
  }

  signOut(session: Session): void {
    this.sessions.delete(session.id);
  }

  private create(): Session {
    if (this.sessions.size >= MAX_SESSIONS) this.prune();
    const session: Session = { id: token(), csrfToken: token(), expiresMs: this.now() + SESSION_TTL_MS };
    this.sessions.set(session.id, session);
    return session;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresMs <= now || !s.approver) this.sessions.delete(id);
  }
}

export function sameToken(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sessionCookie(session: Session, secure: boolean): string {
  return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}${secure ? '; Secure' : ''}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

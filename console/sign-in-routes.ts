import { randomBytes } from 'node:crypto';
import { MAX_APPROVER_CHARS } from '../core/index.js';
import { signInOptions, verifyAssertion } from './assertions.js';
import type { ConsoleDeps } from './deps.js';
import { HttpError, redirect, sendHtml, sendJson, stringField } from './http-io.js';
import { html } from './html.js';
import { page } from './layout.js';
import type { RouteTable } from './server.js';
import type { SessionStore } from './sessions.js';

/** A sign-in or registration must finish within this long of its challenge. */
const CHALLENGE_TTL_MS = 5 * 60_000;

function approverField(fields: Record<string, unknown>): string {
  const approver = stringField(fields, 'approver', MAX_APPROVER_CHARS).trim();
  if (!approver) throw new HttpError(400, 'enter your approver id (as listed under approvals.approvers in the policy)');
  return approver;
}

/** Only the console's own pages are a place to go after sign-in. */
function localPath(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * Sign-in is a passkey assertion over a random challenge bound to this session; it gives a
 * session for viewing. Registration files a new passkey as an enrollment request that an admin
 * approves before it counts (docs/console.md).
 */
export function signInRoutes(deps: ConsoleDeps, sessions: SessionStore): RouteTable[] {
  const now = deps.now ?? Date.now;
  const isApprover = (approver: string) => Object.hasOwn(deps.policy().approvals.approvers, approver);
  const takeChallenge = (session: { challenge?: { purpose: string; value: string; approver?: string; issuedMs: number } }, purpose: 'login' | 'register') => {
    const challenge = session.challenge;
    delete session.challenge;
    if (!challenge || challenge.purpose !== purpose || !challenge.approver || now() - challenge.issuedMs > CHALLENGE_TTL_MS)
      throw new HttpError(409, `no ${purpose === 'login' ? 'sign-in' : 'registration'} is in progress (or it took over 5 minutes); start again`);
    return { value: challenge.value, approver: challenge.approver };
  };

  return [
    {
      method: 'GET',
      path: /^\/login$/,
      open: true,
      async handle(ctx) {
        const next = localPath(ctx.url.searchParams.get('next'));
        sendHtml(
          ctx.res,
          200,
          page(
            { title: 'Sign in', csrfToken: ctx.session.csrfToken, approver: ctx.session.approver },
            html`<h1>Sign in with your passkey</h1>
              <form class="passkey" id="login" data-next="${next}">
                <label for="approver">Approver id</label> <input id="approver" name="approver" autocomplete="username webauthn" required />
                <button type="submit">Sign in</button>
                <p id="login-result" role="status" aria-live="polite"></p>
              </form>
              <p>Signing in lets you view the queue. Each approval or rejection asks your passkey again, for that decision alone.</p>
              <p>No passkey yet? <a href="/enroll">Register one</a>.</p>`,
          ),
        );
      },
    },
    {
      method: 'POST',
      path: /^\/login\/options$/,
      open: true,
      async handle(ctx) {
        const approver = approverField(ctx.fields);
        const passkeys = isApprover(approver) ? await deps.passkeys.approvedPasskeys(approver) : [];
        // The same answer whether the id is unknown or has no approved passkey: sign-in does not list approvers.
        if (passkeys.length === 0) throw new HttpError(403, `no approved passkey for ${approver}: register one at /enroll and ask an admin to approve it`);
        const challenge = randomBytes(32).toString('base64url');
        ctx.session.challenge = { purpose: 'login', value: challenge, approver, issuedMs: now() };
        sendJson(ctx.res, 200, { options: signInOptions(deps.rpId, challenge, passkeys) });
      },
    },
    {
      method: 'POST',
      path: /^\/login\/verify$/,
      open: true,
      async handle(ctx) {
        const challenge = takeChallenge(ctx.session, 'login');
        const passkeys = await deps.passkeys.approvedPasskeys(challenge.approver);
        await verifyAssertion({ response: ctx.fields.response, expectedChallenge: challenge.value, passkeys, origin: deps.origin, rpId: deps.rpId });
        ctx.setSession(sessions.signIn(ctx.session, challenge.approver));
        sendJson(ctx.res, 200, { ok: true, approver: challenge.approver });
      },
    },
    {
      method: 'POST',
      path: /^\/logout$/,
      open: true,
      async handle(ctx) {
        sessions.signOut(ctx.session);
        ctx.setSession(undefined);
        redirect(ctx.res, '/login');
      },
    },
    {
      method: 'GET',
      path: /^\/enroll$/,
      open: true,
      async handle(ctx) {
        sendHtml(
          ctx.res,
          200,
          page(
            { title: 'Register a passkey', csrfToken: ctx.session.csrfToken, approver: ctx.session.approver },
            html`<h1>Register a passkey</h1>
              <p>
                Register once per device. The passkey counts only after an admin approves it by listing it in the policy (docs/console.md): give them the policy
                lines shown below.
              </p>
              <form class="passkey" id="enroll">
                <label for="approver">Approver id</label>
                <input id="approver" name="approver" autocomplete="username" required value="${ctx.session.approver ?? ''}" />
                <button type="submit">Register a passkey</button>
                <p id="enroll-result" role="status" aria-live="polite"></p>
                <pre id="enroll-snippet" hidden></pre>
              </form>`,
          ),
        );
      },
    },
    {
      method: 'POST',
      path: /^\/enroll\/options$/,
      open: true,
      async handle(ctx) {
        const approver = approverField(ctx.fields);
        if (!isApprover(approver)) throw new HttpError(403, `${approver} is not an approver in the policy; ask an admin to add them under approvals.approvers`);
        const options = await deps.passkeys.registrationOptions(approver);
        ctx.session.challenge = { purpose: 'register', value: options.challenge, approver, issuedMs: now() };
        sendJson(ctx.res, 200, { options });
      },
    },
    {
      method: 'POST',
      path: /^\/enroll\/verify$/,
      open: true,
      async handle(ctx) {
        const challenge = takeChallenge(ctx.session, 'register');
        const result = await deps.passkeys
          .enroll({
            approver: challenge.approver,
            response: ctx.fields.response,
            expectedChallenge: challenge.value,
          })
          .catch((error: Error) => {
            throw new HttpError(403, `the passkey registration was refused: ${error.message}`);
          });
        sendJson(ctx.res, 200, {
          ok: true,
          credentialId: result.credentialId,
          status: result.status,
          policySnippet: result.policySnippet,
          ...(result.enrollmentId ? { enrollmentId: result.enrollmentId } : {}),
          message:
            result.status === 'approved'
              ? `Passkey ${result.credentialId} is approved for ${challenge.approver}; sign in.`
              : `Passkey ${result.credentialId} is registered for ${challenge.approver} and waits for an admin's approval: ${result.enrollmentId ? `"tollgate approvals passkeys approve ${result.enrollmentId}", or ` : ''}these lines under approvals.approvers in the policy.`,
        });
      },
    },
  ];
}

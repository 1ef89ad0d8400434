import { decide, showPending } from '../approvals/queue.js';
import { passkeyAssertionFromResponse, passkeyAssertionOptions } from '../approvals/passkeys/index.js';
import { approverRefusal, MAX_REASON_CHARS, passkeysOf, type EnrolledPasskey, type PendingView, type SignedDecision } from '../core/index.js';
import type { ConsoleDeps } from './deps.js';
import { HttpError, sendJson, stringField } from './http-io.js';
import type { RouteTable } from './server.js';

/** How long a decision's challenge stays good: long enough to touch a key, short enough that `at` is honest. */
export const DECISION_CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * Approve and Reject. Step 1 (`challenge`) checks the page is current and the approver may
 * decide, fixes the decision's fields and answers with WebAuthn request options whose challenge
 * is the hash of the decision's canonical JSON. Step 2 (`decide`) takes the passkey's assertion
 * over exactly that, and sends the `decide` Update with it: the workflow verifies it again, as it
 * does an SSH signature. A session alone never decides.
 */
export function decisionRoutes(deps: ConsoleDeps): RouteTable[] {
  const now = deps.now ?? Date.now;
  const pendingDecisions = new Map<string, { fields: SignedDecision; issuedMs: number }>();

  return [
    {
      method: 'POST',
      path: /^\/requests\/([^/]+)\/challenge$/,
      async handle(ctx, [workflowId]) {
        const approver = ctx.session.approver!;
        const decision = stringField(ctx.fields, 'decision', 10);
        if (decision !== 'approve' && decision !== 'reject') throw new HttpError(400, 'decision must be approve or reject');
        const reason = stringField(ctx.fields, 'reason', MAX_REASON_CHARS).trim();
        if (decision === 'reject' && !reason) throw new HttpError(400, 'say why you reject: the reason goes to the owner and the audit log');
        const seenHash = stringField(ctx.fields, 'proposalHash', 64);
        const view = await showPending(deps.client, workflowId!).catch((error: Error) => {
          throw new HttpError(404, error.message);
        });
        if (view.state !== 'AwaitingApproval' || !view.proposalHash || !view.requirement || !view.proposal) {
          throw new HttpError(
            409,
            `this request no longer waits for a decision: it is ${view.state}${view.outcome ? ` (${view.outcome})` : ''}. Reload the page.`,
          );
        }
        if (seenHash !== view.proposalHash) {
          throw new HttpError(
            409,
            `this page is stale: the proposal was re-proposed since you opened it (you reviewed ${seenHash.slice(0, 12) || 'no hash'}…, it is now ${view.proposalHash.slice(0, 12)}…). Nothing was signed. Reload the page and review the new proposal.`,
          );
        }
        const refusal = approverRefusal(approver, view.requirement, view.proposal.proposer);
        if (refusal) throw new HttpError(403, refusal);
        if (view.approvals.some((a) => a.approver === approver)) throw new HttpError(409, `${approver} has already decided on this proposal`);
        const passkeys = trustedPasskeys(view, approver, deps, await deps.passkeys.approvedPasskeys(approver));
        const fields: SignedDecision = {
          workflowId: workflowId!,
          proposalHash: view.proposalHash,
          decision,
          approver,
          reason,
          at: new Date(now()).toISOString(),
        };
        for (const [key, old] of pendingDecisions) if (now() - old.issuedMs > DECISION_CHALLENGE_TTL_MS) pendingDecisions.delete(key);
        pendingDecisions.set(`${ctx.session.id}\n${workflowId}`, { fields, issuedMs: now() });
        sendJson(ctx.res, 200, { fields, options: passkeyAssertionOptions(fields, passkeys, deps.rpId) });
      },
    },
    {
      method: 'POST',
      path: /^\/requests\/([^/]+)\/decide$/,
      async handle(ctx, [workflowId]) {
        const key = `${ctx.session.id}\n${workflowId}`;
        const pending = pendingDecisions.get(key);
        pendingDecisions.delete(key);
        if (!pending || now() - pending.issuedMs > DECISION_CHALLENGE_TTL_MS)
          throw new HttpError(409, 'no decision is being signed here (or it took over 5 minutes); press Approve or Reject again');
        const { fields } = pending;
        const response = ctx.fields.response;
        let passkey;
        try {
          passkey = passkeyAssertionFromResponse(response as Parameters<typeof passkeyAssertionFromResponse>[0]);
        } catch {
          throw new HttpError(400, 'response must be the passkey assertion (PublicKeyCredential JSON)');
        }
        try {
          const { workflowId: _signedId, ...decision } = fields;
          const view = await decide(deps.client, workflowId!, { ...decision, passkey });
          const approved = view.approvals.filter((a) => a.decision === 'approve').length;
          sendJson(ctx.res, 200, {
            ok: true,
            message: `${fields.decision === 'approve' ? 'Approved' : 'Rejected'} as ${fields.approver} (${approved}/${view.requirement?.required ?? '?'} approvals).`,
            state: view.state,
          });
        } catch (error) {
          throw new HttpError(409, (error as Error).message);
        }
      },
    },
  ];
}

/**
 * The passkeys this request will accept from the approver: those the policy listed when it was
 * proposed (the workflow's requirement), for this console. Each refusal says what to do instead.
 */
function trustedPasskeys(view: PendingView, approver: string, deps: ConsoleDeps, approvedNow: readonly EnrolledPasskey[]): EnrolledPasskey[] {
  if (approvedNow.length === 0) throw new HttpError(403, `${approver} has no approved passkey; register one at /enroll and ask an admin to approve it`);
  const relyingParty = view.requirement?.passkeyRelyingParty;
  if (!relyingParty)
    throw new HttpError(
      409,
      'this request was proposed while the policy named no passkey console (approvals.passkeys rpId and origins), so no passkey can decide it; use "tollgate approvals approve|reject" with your SSH key',
    );
  if (relyingParty.rpId !== deps.rpId || !relyingParty.origins.includes(deps.origin))
    throw new HttpError(
      409,
      `this request trusts passkeys from ${relyingParty.origins.join(', ')}, not from this console (${deps.origin}); open the console there`,
    );
  const trusted = passkeysOf(view.requirement?.passkeys, approver).filter((p) => p.rpId === deps.rpId);
  if (trusted.length === 0)
    throw new HttpError(
      409,
      `this request was proposed before a passkey of ${approver} was approved, and trusts only the passkeys the policy listed then; use "tollgate approvals approve|reject" with your SSH key, or decide requests proposed from now on`,
    );
  return trusted;
}

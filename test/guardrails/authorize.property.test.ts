import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionHash, addMs, proposalHash, TicketRejected, type Action, type Approval, type ExecutionTicket, type Resource } from '../../core/index.js';
import { approvalRequirement, authorize, evaluate, type Policy } from '../../guardrails/index.js';
import { signWithKeyPair } from '../../approvals/signing/approval-signer.js';
import { forged, keyPairOf, signedApproval, withApproverKeys } from '../support/approver-keys.js';
import { context, NOW, policy as makePolicy, proposalFor, RESOURCE, resize, simple, UTILIZATION, withCpu } from './fixtures.js';
import { sandboxWithClock } from './sandbox-estate.js';

/**
 * The invariant, across random proposals, policies, approvals and clocks: a mutation
 * happens if and only if authorize() allows it, and authorize() allows it if and only if
 * every condition of DESIGN.md's invariant 1 holds (computed here independently).
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const APPROVERS = { alice: 'finops', bob: 'platform', carol: 'viewer', rightsizer: 'finops' } as const;
const PROPOSER = { kind: 'agent', id: 'rightsizer' } as const;

type SignatureKind = 'own' | 'none' | 'other-approvers-key' | 'other-hash' | 'other-workflow' | 'forged';

/** Mostly one value, sometimes the others: each condition holds often enough that some cases are allowed. */
const usually = <T>(common: T, ...rare: T[]) => fc.oneof({ arbitrary: fc.constant(common), weight: 6 }, { arbitrary: fc.constantFrom(...rare), weight: 1 });

const policySettingsArb = fc.record({
  required: usually(1, 2, 3),
  requiredForProduction: usually(2, 1, 3),
  maxActionsPerRun: usually(10, 0, 1, 2),
  maxMonthlyUsdChangedPerRun: usually(5000, 100, 300),
  maxFactsAgeMinutes: fc.integer({ min: 1, max: 120 }),
  ticketTtlMinutes: fc.integer({ min: 1, max: 30 }),
  allowResize: usually(true, false),
  allowStop: usually(true, false),
  frozen: usually('none', 'now', 'later'),
  requireSignatures: usually(true, false),
});
// The policy loader refuses production needing fewer approvals than anything else (guardrails/policy-safety.ts).
const policyArb = policySettingsArb.filter((p) => p.requiredForProduction >= p.required);

const approvalArb = fc.record({
  approver: fc.constantFrom('alice', 'bob', 'alice', 'bob', 'carol', 'rightsizer', 'mallory'),
  decision: usually<'approve' | 'reject'>('approve', 'reject'),
  boundToProposal: usually(true, false),
  // own: the approver's key over this decision; the others must never count
  signature: usually<SignatureKind>('own', 'none', 'other-approvers-key', 'other-hash', 'other-workflow', 'forged'),
  // minutes before the authorization; negative: dated in the future; 4320: exactly the 72 h expiry
  ageMinutes: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 72 * 60 }), weight: 6 },
    { arbitrary: fc.constantFrom(-1, -30, 72 * 60, 72 * 60 + 1, 80 * 60), weight: 1 },
  ),
});

const caseArb = fc.record({
  policy: policyArb,
  env: usually('dev', 'prod', 'Production'),
  excluded: usually(false, true),
  actionKind: usually('resize', 'stop'),
  verdictFrom: usually('same-facts', 'clean-resource', 'other-action', 'failed'),
  factsAgeMinutes: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 60 }), weight: 6 }, { arbitrary: fc.integer({ min: -5, max: 150 }), weight: 1 }),
  approvals: fc.array(approvalArb, { minLength: 1, maxLength: 4 }),
  actionsThisRun: usually(0, 1, 5, 10),
  monthlyUsdChangedThisRun: usually(0, 100, 4900),
  giveResource: usually(true, false),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function buildPolicy(c: Case['policy'], now: string): Policy {
  const allowed = [...(c.allowResize ? ['resize'] : []), ...(c.allowStop ? ['stop'] : [])];
  const freezes = {
    none: [],
    now: [{ name: 'release', from: addMs(now, -HOUR), to: addMs(now, HOUR) }],
    later: [{ name: 'release', from: addMs(now, HOUR), to: addMs(now, 2 * HOUR) }],
  }[c.frozen];
  return withApproverKeys(
    makePolicy({
      approvals: {
        required: c.required,
        requiredForProduction: c.requiredForProduction,
        approvers: APPROVERS,
        allowedRoles: ['finops', 'platform'],
        requireSignatures: c.requireSignatures,
      },
      execution: {
        maxActionsPerRun: c.maxActionsPerRun,
        maxMonthlyUsdChangedPerRun: c.maxMonthlyUsdChangedPerRun,
        maxFactsAgeMinutes: c.maxFactsAgeMinutes,
        ticketTtlMinutes: c.ticketTtlMinutes,
        allowedActions: allowed,
      },
      freezeWindows: freezes,
    }),
  );
}

function scenario(c: Case) {
  const now = addMs(NOW, 3 * HOUR);
  const factsAt = addMs(now, -c.factsAgeMinutes * MIN);
  const policy = buildPolicy(c.policy, now);
  const resource: Resource = { ...RESOURCE, tags: { Environment: c.env, ...(c.excluded ? { 'tollgate:exclude': 'true' } : {}) } };
  const action: Action = c.actionKind === 'resize' ? resize('m5.xlarge') : simple('stop');
  const proposal = proposalFor(action, c.actionKind === 'resize' ? 140.16 : 280.32);
  const hash = proposalHash(proposal);
  const judged = c.verdictFrom === 'clean-resource' ? { ...resource, tags: { env: 'dev' } } : resource;
  const judgedAction = c.verdictFrom === 'other-action' ? resize('m5.large') : action;
  const utilization = c.actionKind === 'stop' ? withCpu({ p95: 1 }, { networkP95Pct: 1 }) : UTILIZATION;
  let verdict = evaluate(
    context({ proposal: proposalFor(judgedAction, proposal.estimatedMonthlySavingsUsd), resource: judged, utilization, policy, factsAt, now: factsAt }),
  );
  if (c.verdictFrom === 'failed') verdict = { ...verdict, passed: false };
  const approvals: Approval[] = c.approvals.map((a) => {
    const approval: Approval = {
      proposalHash: a.boundToProposal ? hash : 'another-proposal',
      decision: a.decision,
      approver: a.approver,
      reason: '',
      role: APPROVERS[a.approver as keyof typeof APPROVERS] ?? 'none',
      at: addMs(now, -a.ageMinutes * MIN),
    };
    return withSignature(approval, a.signature);
  });
  // The requirement as the check step derived it: from the resource and policy of that time.
  const requirement = approvalRequirement(resource, policy);
  return { now, factsAt, policy, resource, action, proposal, hash, verdict, approvals, requirement };
}

function withSignature(approval: Approval, kind: SignatureKind): Approval {
  const fields = { ...approval, workflowId: 'wf-1' };
  switch (kind) {
    case 'none':
      return approval;
    case 'own':
      return signedApproval('wf-1', approval);
    case 'other-approvers-key': // one person typing another's name
      return { ...approval, signature: signWithKeyPair(keyPairOf(approval.approver === 'alice' ? 'bob' : 'alice'), fields) };
    case 'other-hash':
      return { ...approval, signature: signWithKeyPair(keyPairOf(approval.approver), { ...fields, proposalHash: 'c'.repeat(64) }) };
    case 'other-workflow':
      return signedApproval('wf-2', approval);
    case 'forged':
      return { ...approval, signature: forged(signedApproval('wf-1', approval).signature!) };
  }
}

/** DESIGN.md invariant 1, written out plainly and independently of guardrails/. */
function everyConditionHolds(c: Case, s: ReturnType<typeof scenario>): boolean {
  const production = ['prod', 'production'].includes(c.env.toLowerCase());
  const needed = production ? c.policy.requiredForProduction : c.policy.required;
  const nowMs = Date.parse(s.now);
  const bound = s.approvals.filter((a) => a.proposalHash === s.hash);
  // unsigned counts only where the policy allows it and production is ruled out (the resource was given)
  const signatureCounts = (kind: SignatureKind) => kind === 'own' || (kind === 'none' && !c.policy.requireSignatures && !production && c.giveResource);
  const validApprovers = new Set(
    s.approvals
      .map((a, i) => ({ a, kind: c.approvals[i]!.signature }))
      .filter(({ a }) => a.proposalHash === s.hash && a.decision === 'approve')
      .filter(({ a }) => ['alice', 'bob'].includes(a.approver))
      .filter(({ a }) => nowMs - Date.parse(a.at) >= 0 && nowMs - Date.parse(a.at) <= 72 * HOUR)
      .filter(({ kind }) => signatureCounts(kind))
      .map(({ a }) => a.approver),
  );
  const actionUsd = c.verdictFrom === 'other-action' ? 210.24 : c.actionKind === 'resize' ? 140.16 : 280.32;
  const blockedType = false; // neither resize nor stop is blocked in production by default
  return c.verdictFrom === 'clean-resource' || c.verdictFrom === 'same-facts'
    ? s.verdict.passed &&
        !bound.some((a) => a.decision === 'reject') &&
        validApprovers.size >= needed &&
        c.factsAgeMinutes >= 0 &&
        c.factsAgeMinutes <= c.policy.maxFactsAgeMinutes &&
        c.actionsThisRun < c.policy.maxActionsPerRun &&
        c.monthlyUsdChangedThisRun + actionUsd <= c.policy.maxMonthlyUsdChangedPerRun &&
        (c.actionKind === 'resize' ? c.policy.allowResize : c.policy.allowStop) &&
        c.policy.frozen !== 'now' &&
        !(c.giveResource && c.excluded) &&
        !blockedType
    : false;
}

describe('authorize() is the gate: mutation ⇔ authorization ⇔ every condition', () => {
  it('holds across random proposals, policies, approvals and clocks', async () => {
    let allowedResizes = 0;
    let allowedStops = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const s = scenario(c);
        const { cloud, setClock } = sandboxWithClock();
        const result = authorize({
          action: s.action,
          verdict: s.verdict,
          proposalHash: s.hash,
          proposer: PROPOSER,
          approvals: s.approvals,
          requirement: s.requirement,
          policy: s.policy,
          scope: 'wf-1',
          actionsThisRun: c.actionsThisRun,
          monthlyUsdChangedThisRun: c.monthlyUsdChangedThisRun,
          ...(c.giveResource ? { resource: s.resource } : {}),
          proposal: s.proposal,
          now: s.now,
        });
        expect(result.allowed).toBe(everyConditionHolds(c, s));
        if (!result.allowed) expect(result.reasons.length).toBeGreaterThan(0);

        setClock(s.now);
        const ticket = result.allowed ? result.ticket : undefined;
        const mutate = () => cloud.apply(s.action, ticket as ExecutionTicket);
        if (result.allowed && s.action.type === 'resize') {
          allowedResizes += 1;
          await mutate();
          expect(cloud.changesOf('vm-1')).toHaveLength(1);
        } else if (result.allowed) {
          allowedStops += 1;
          // The ticket opens the gate; whatever the provider then does with a stop, it is not a ticket refusal.
          await mutate().catch((error: unknown) => expect(error).not.toBeInstanceOf(TicketRejected));
        } else {
          await expect(mutate()).rejects.toThrow(TicketRejected);
          expect(cloud.changesOf('vm-1')).toHaveLength(0);
          expect(await cloud.getResource('vm-1')).toMatchObject({ sku: 'm5.2xlarge', state: 'running' });
        }
      }),
      { numRuns: 400 },
    );
    // The property is only convincing if both sides of the ⇔ were exercised.
    expect(allowedResizes).toBeGreaterThan(10);
    expect(allowedStops).toBeGreaterThan(0);
  });

  it('refuses forged, misapplied and expired tickets at the mutation layer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 120 }), async (ttl, lateMinutes) => {
        const policy = withApproverKeys(makePolicy({ approvals: { approvers: APPROVERS }, execution: { ticketTtlMinutes: ttl } }));
        const action = resize('m5.xlarge');
        const proposal = proposalFor(action);
        const hash = proposalHash(proposal);
        const verdict = evaluate(context({ policy }));
        const approvals: Approval[] = [
          signedApproval('wf-1', { proposalHash: hash, decision: 'approve', approver: 'alice', reason: '', role: 'finops', at: NOW }),
        ];
        const result = authorize({
          action,
          verdict,
          proposalHash: hash,
          proposer: PROPOSER,
          approvals,
          requirement: approvalRequirement(RESOURCE, policy),
          policy,
          scope: 'wf-1',
          actionsThisRun: 0,
          now: NOW,
        });
        if (!result.allowed) throw new Error(result.reasons.join('; '));
        const { cloud, setClock } = sandboxWithClock();
        const forged = { ...result.ticket } as ExecutionTicket;
        await expect(cloud.apply(action, forged)).rejects.toThrow('no ticket issued by guardrails.authorize()');
        await expect(cloud.plan(action, forged)).rejects.toThrow(TicketRejected);
        await expect(cloud.apply(resize('m5.large'), result.ticket)).rejects.toThrow('mutation refused: ticket covers action');
        setClock(addMs(result.ticket.expiresAt, lateMinutes * 1000));
        await expect(cloud.apply(action, result.ticket)).rejects.toThrow(`mutation refused: ticket expired at ${result.ticket.expiresAt}`);
        expect(cloud.changesOf('vm-1')).toHaveLength(0);
        setClock(result.ticket.expiresAt);
        await cloud.plan(action, result.ticket);
        const applied = await cloud.apply(action, result.ticket);
        expect(applied.idempotencyKey).toBe(result.ticket.idempotencyKey);
        expect(actionHash(action)).toBe(result.ticket.actionHash);
        expect(cloud.changesOf('vm-1')).toHaveLength(1);
      }),
      { numRuns: 50 },
    );
  });
});

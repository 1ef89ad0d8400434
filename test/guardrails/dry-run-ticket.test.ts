import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEstate } from '../../clouds/sandbox/estate.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import { actionHash, addMs, idempotencyKeyFor, type Action, type Verdict } from '../../core/index.js';
import { authorizeDryRun, DEFAULT_POLICY } from '../../guardrails/index.js';

// Read here rather than through test/support/world.ts, which pulls in activities/ and audit/: the
// Stryker sandbox copies only what the guardrail tests need (stryker.config.json ignorePatterns).
const SAMPLE_ESTATE_PATH = new URL('../../clouds/sandbox/fixtures/sample-estate.json', import.meta.url);
const sampleEstate = () => parseEstate(readFileSync(SAMPLE_ESTATE_PATH, 'utf8'), SAMPLE_ESTATE_PATH.pathname);

const NOW = '2026-11-20T10:00:00.000Z';
const MIN = 60_000;
const action: Action = { type: 'resize', provider: 'sandbox', resourceId: 'i-0web0overprov01', region: 'us-east-1', fromSku: 'm5.2xlarge', toSku: 'm5.large' };
const verdict = (over: Partial<Verdict> = {}): Verdict => ({
  passed: true,
  actionHash: actionHash(action),
  factsAt: NOW,
  evaluatedAt: NOW,
  risk: 'low',
  ruleVersions: {},
  results: [],
  ...over,
});

describe('dry-run tickets', () => {
  it('let the provider validate the change before approval, and never apply it', async () => {
    const cloud = new SandboxCloud(sampleEstate(), { clock: () => NOW });
    const dryRun = authorizeDryRun({ action, verdict: verdict(), policy: DEFAULT_POLICY, scope: 'wf-1', now: NOW });
    expect(dryRun.allowed).toBe(true);
    if (!dryRun.allowed) return;
    expect(dryRun.ticket.purpose).toBe('plan');
    await expect(cloud.plan(action, dryRun.ticket)).resolves.toMatchObject({ steps: expect.arrayContaining(['change size m5.2xlarge → m5.large']) });
    await expect(cloud.apply(action, dryRun.ticket)).rejects.toThrow(/dry-run only/);
    expect(cloud.changesOf(action.resourceId)).toHaveLength(0);
  });

  it('need a passed verdict for this action on fresh facts', () => {
    const refused = (v: Verdict, now = NOW) => authorizeDryRun({ action, verdict: v, policy: DEFAULT_POLICY, scope: 'wf-1', now });
    expect(refused(verdict({ passed: false }))).toMatchObject({ allowed: false, reasons: ['the verdict did not pass'] });
    expect(refused(verdict({ actionHash: 'other' }))).toMatchObject({ allowed: false, reasons: ['the verdict was computed for a different action'] });
    expect(refused(verdict(), '2026-11-20T12:00:00.000Z')).toMatchObject({ allowed: false });
  });

  it('take facts up to the policy age, not older and not from the future', () => {
    const at = (now: string, factsAt = NOW) => authorizeDryRun({ action, verdict: verdict({ factsAt }), policy: DEFAULT_POLICY, scope: 'wf-1', now });
    expect(at(addMs(NOW, 60 * MIN)).allowed).toBe(true);
    expect(at(addMs(NOW, 60 * MIN + 1))).toEqual({ allowed: false, reasons: [`facts from ${NOW} are too old for a plan`] });
    expect(at(NOW, addMs(NOW, 1))).toEqual({ allowed: false, reasons: [`facts from ${addMs(NOW, 1)} are too old for a plan`] });
  });

  it('are plan tickets for the planned change, with no approvers, keyed apart from the apply', () => {
    const hash = actionHash(action);
    expect(authorizeDryRun({ action, verdict: verdict({ ruleVersions: { cooldown: 3 } }), policy: DEFAULT_POLICY, scope: 'wf-1', now: NOW })).toEqual({
      allowed: true,
      reasons: [],
      ticket: {
        kind: 'execution-ticket',
        actionHash: hash,
        idempotencyKey: idempotencyKeyFor(hash, 'plan:wf-1'),
        issuedAt: NOW,
        expiresAt: addMs(NOW, 15 * MIN),
        approvers: [],
        ruleVersions: { cooldown: 3 },
        purpose: 'plan',
      },
    });
    // An off-hours enrollment is validated as the stop it allows.
    const enrollment: Action = {
      type: 'off-hours',
      provider: 'sandbox',
      resourceId: 'vm-1',
      region: 'us-east-1',
      schedule: 'nights',
      stopCron: '0 20 * * *',
      startCron: '0 7 * * *',
      timezone: 'UTC',
    };
    const stop = actionHash({ type: 'stop', provider: 'sandbox', resourceId: 'vm-1', region: 'us-east-1' });
    const planned = authorizeDryRun({
      action: enrollment,
      verdict: verdict({ actionHash: actionHash(enrollment) }),
      policy: DEFAULT_POLICY,
      scope: 'wf-1',
      now: NOW,
    });
    expect(planned).toMatchObject({ allowed: true, ticket: { actionHash: stop, idempotencyKey: idempotencyKeyFor(stop, 'plan:wf-1'), purpose: 'plan' } });
  });
});

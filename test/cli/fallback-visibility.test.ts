import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnalysisActivities } from '../../activities/analysis.js';
import { approvalBlocks } from '../../approvals/slack/blocks.js';
import { SqliteAuditStore } from '../../audit/index.js';
import { describe as describePending } from '../../cli/commands/approvals.js';
import type { PendingView } from '../../core/index.js';
import { startReplayServer, type RunningReplayServer } from '../../evals/replay-server.js';
import { DEFAULT_POLICY } from '../../guardrails/index.js';
import { summarizeDecisions } from '../../reports/decision-summary.js';
import { cloudOf, configFor, NOW, rightsizingFindings, tempDir } from '../agents/harness.js';

let server: RunningReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a template answer says why, wherever the proposal is shown', () => {
  it('a model cut at its output cap: the audit log, approvals show, Slack and the weekly report say "fallback" and why', async () => {
    // Scripted: a model that never stops writing, served over HTTP to the real client.
    server = await startReplayServer({ cassetteDir: tempDir(), mode: 'script', author: () => ({ content: '{"rationale": "big big ', endless: true }) });
    const cloud = cloudOf();
    const finding = (await rightsizingFindings(cloud)).find((f) => f.resourceId === 'i-0web0overprov01')!;
    const audit = new SqliteAuditStore(join(tempDir(), 'audit.sqlite'));
    const analysis = createAnalysisActivities({
      readerFor: () => cloud,
      audit,
      policy: DEFAULT_POLICY,
      llm: configFor(server),
      clock: () => NOW,
      log: pino({ level: 'silent' }),
    });
    const { proposal } = await analysis.analyzeFinding({ workflowId: 'wf-cut', finding });
    expect(proposal).toMatchObject({ source: 'fallback', fallback: { reason: 'cut' } });

    const records = await audit.records({ workflowId: 'wf-cut' });
    await audit.close();
    const proposeRecords = records.filter((r) => r.promptId === 'rightsizing-propose');
    expect(proposeRecords.map((r) => r.outcome)).toEqual(['cut: repair requested', 'cut; deterministic fallback used']);
    expect(proposeRecords[0]!.output).toMatchObject({ finishReason: 'length' });
    expect(proposeRecords.every((r) => (r.tokens?.output ?? 0) > 0 && (r.costUsd ?? 0) > 0)).toBe(true);

    const view: PendingView = {
      workflowId: 'wf-cut',
      findingId: finding.id,
      state: 'AwaitingApproval',
      summary: finding.summary,
      proposal,
      checks: [],
      approvals: [],
    };
    expect(describePending(view)).toMatch(/^ {2}fallback: the answer was cut at the output cap \(model gpt-4o, cap \d+ tokens, 2 attempts\)$/m);
    expect(JSON.stringify(approvalBlocks({ view }).blocks)).toContain('_fallback: the answer was cut at the output cap');

    const week = { from: '2026-10-12T00:00:00.000Z', to: '2026-10-19T00:00:00.000Z', previousFrom: '2026-10-05T00:00:00.000Z' };
    const row = summarizeDecisions(records, week).proposals[0]!;
    expect(row.fallback).toMatch(/^the answer was cut at the output cap/);
    expect(row.reason).toContain('fallback: the answer was cut');
  });
});

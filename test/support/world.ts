import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { ActionDeps, AnalysisDeps } from '../../activities/deps.js';
import type { JiraClient } from '../../activities/jira-client.js';
import type { Notifier } from '../../activities/notifier.js';
import { LlmConfigSchema, SpendLedger } from '../../agents/index.js';
import { SqliteAuditStore, WriterKey } from '../../audit/index.js';
import { readOnlyView } from '../../clouds/provider.js';
import { parseEstate, type Estate } from '../../clouds/sandbox/estate.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import { parsePolicy, type Policy } from '../../guardrails/index.js';
import { withApproverKeys } from './approver-keys.js';

export const REPO = join(import.meta.dirname, '../..');
export const SAMPLE_ESTATE_PATH = join(REPO, 'clouds/sandbox/fixtures/sample-estate.json');

export function sampleEstate(): Estate {
  return parseEstate(readFileSync(SAMPLE_ESTATE_PATH, 'utf8'), SAMPLE_ESTATE_PATH);
}

/** The sample policy, with a key generated in this test process listed for each approver (test/support/approver-keys.ts). */
export function samplePolicy(): Policy {
  return withApproverKeys(parsePolicy(readFileSync(join(REPO, 'tollgate.policy.yaml'), 'utf8'), 'tollgate.policy.yaml'));
}

/**
 * The world both workers see in a test. The cloud can be swapped between tests, so each
 * test starts from a fresh estate while the workers keep running.
 */
export class TestWorld {
  cloud: SandboxCloud;
  policy: Policy = samplePolicy();
  readonly dir = mkdtempSync(join(tmpdir(), 'tollgate-test-'));
  readonly audit = new SqliteAuditStore(join(this.dir, 'audit.sqlite'), { writer: WriterKey.generate() });
  readonly log = pino({ level: 'silent' });
  readonly ledger = new SpendLedger(join(this.dir, 'agent-spend.sqlite'));
  /** Set by a test to route approval requests and budget alerts to a (loopback) Slack. */
  notifier: Notifier | undefined;
  /** Set by a test to open anomaly alerts' issues in a (loopback) Jira. */
  jira: JiraClient | undefined;
  /** Set by a test to give the daily run a warehouse for budget alerts. */
  warehousePath: string | undefined;

  constructor(private llmBaseUrl: string) {
    this.cloud = new SandboxCloud(sampleEstate());
  }

  reset(estate: Estate = sampleEstate()): SandboxCloud {
    this.cloud = new SandboxCloud(estate);
    this.policy = samplePolicy();
    return this.cloud;
  }

  analysisDeps(): AnalysisDeps {
    const world = () => this;
    return {
      readerFor: () => readOnlyView(world().cloud),
      audit: this.audit,
      get policy() {
        return world().policy;
      },
      llm: LlmConfigSchema.parse({ baseUrl: this.llmBaseUrl }),
      agents: { ledger: this.ledger },
      get notifier() {
        return world().notifier;
      },
      get warehousePath() {
        return world().warehousePath;
      },
      get jira() {
        return world().jira;
      },
      clock: () => new Date().toISOString(),
      log: this.log,
    };
  }

  actionDeps(): ActionDeps {
    const world = () => this;
    return {
      providerFor: () => world().cloud,
      audit: this.audit,
      get policy() {
        return world().policy;
      },
      clock: () => new Date().toISOString(),
      log: this.log,
    };
  }
}

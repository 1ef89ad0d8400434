import { existsSync } from 'node:fs';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { createAgentRuntime, runAnomalyEnricher, type LlmCall } from '../agents/index.js';
import type { CloudReader } from '../clouds/provider.js';
import {
  ALERT_ATTEMPTS,
  describeRootCause,
  parseDuration,
  readTags,
  type AnomalyDelivery,
  type AnomalyExplanationView,
  type AnomalyFeedback,
  type AnomalyView,
  type Finding,
  type Incident,
  type Provider,
} from '../core/index.js';
import { detectIncidentsOnThreads } from '../detect/anomaly/index.js';
import { detectFindings } from './detect-findings.js';
import { ruleProposal } from './remediation-rules.js';
import { dailyCostCells } from '../warehouse/anomaly-series.js';
import { openWarehouse } from '../warehouse/index.js';
import { anomalyOptionsFromPolicy } from './anomaly-options.js';
import { anomalyIssue, jiraTargetFor } from './anomaly-jira-issue.js';
import { alertedIncidents, suppressedBy, suppressingFeedback } from './anomaly-suppression.js';
import type { AnalysisDeps } from './deps.js';
import { incidentContributors, incidentFinding, providerOfIncident } from './incident-finding.js';
import { recordStep, SYSTEM } from './record.js';

export interface AnomalyScanResult {
  /** incidents with no alert yet: each gets an AnomalyWorkflow */
  incidents: Incident[];
  /** incidents found again whose alert the audit log already holds */
  alreadyAlerted: number;
  /** incidents not alerted because feedback called the same root cause expected or planned */
  suppressed: { incidentId: string; by: string; verdict: string }[];
  /** incidents the policy's planned events cover (`anomalies.planned`) */
  planned: { incidentId: string; planned: string }[];
}

export interface EnrichedIncident {
  /** the root cause as text (core/incident.ts describeRootCause) */
  rootCause: string;
  explanation: AnomalyExplanationView;
  owners: string[];
  teams: string[];
  /** how long to wait for feedback (policy `anomalies.feedbackTimeout`), read when the alert goes out */
  feedbackTimeoutMs: number;
}

/** Activities of the anomaly loop (workflows/anomaly-scan.ts, workflows/anomaly-workflow.ts): read-only, analysis queue. */
export function createAnomalyActivities(deps: AnalysisDeps) {
  const { audit, clock, log } = deps;

  /** The cloud reader for an incident's provider; a provider this worker has no scope for reads as "unknown resource". */
  function readerOf(provider: Provider): CloudReader {
    try {
      return deps.readerFor(provider);
    } catch (error) {
      const refuse = () => Promise.reject(error as Error);
      return { provider, listResources: refuse, getResource: refuse, utilization: refuse, catalog: refuse };
    }
  }

  return {
    /** Incidents over the whole warehouse, as `tollgate detect anomalies` finds them, minus repeats the owners called expected or planned. */
    async detectAnomalyIncidents(input: { scanId: string; trigger: string }): Promise<AnomalyScanResult> {
      const path = deps.warehousePath;
      if (!path || !existsSync(path)) {
        throw ApplicationFailure.nonRetryable(
          `no warehouse at ${path ?? '(none configured)'}: ingest a bill first (tollgate ingest, or a billing landing), or set TOLLGATE_DB`,
        );
      }
      const warehouse = await openWarehouse(path);
      const cells = await dailyCostCells(warehouse).finally(() => warehouse.close());
      // The scan can take tens of seconds on a large warehouse: heartbeat its progress (the Temporal UI shows it) and log where the time went.
      const context = Context.current();
      const report = await detectIncidentsOnThreads(
        cells,
        anomalyOptionsFromPolicy(deps.policy.anomalies),
        ({ done, total, timings }) => {
          if (timings) log.info({ scanId: input.scanId, cells: cells.length, series: total, ...timings }, 'anomaly series scanned');
          else context.heartbeat({ phase: 'scan', done, total });
        },
        deps.detectThreading,
      );
      const feedback = await suppressingFeedback(audit);
      // Workflow ids are never reused, but a closed workflow leaves visibility after the retention period: the log remembers longer.
      const alerted = await alertedIncidents(audit);
      const incidents: Incident[] = [];
      const suppressed: AnomalyScanResult['suppressed'] = [];
      let alreadyAlerted = 0;
      for (const incident of report.incidents) {
        if (alerted.has(incident.id)) {
          alreadyAlerted += 1;
          continue;
        }
        const by = suppressedBy(incident, feedback, deps.policy.anomalies.suppressRepeatsDays);
        if (by) suppressed.push({ incidentId: incident.id, by: `${by.incidentId} (${by.verdict} by ${by.by})`, verdict: by.verdict });
        else incidents.push(incident);
      }
      const planned = report.suppressed.map((s) => ({ incidentId: s.incident.id, planned: s.planned }));
      await recordStep(audit, {
        workflowId: input.scanId,
        findingId: input.scanId,
        step: 'detect',
        actor: SYSTEM,
        input: { trigger: input.trigger, cells: cells.length },
        summary: `anomaly scan (${input.trigger}) over ${cells.length} daily cells`,
        output: {
          kind: 'anomaly-scan',
          trigger: input.trigger,
          incidents: incidents.map((i) => i.id),
          alreadyAlerted,
          suppressed,
          planned,
          seriesScanned: report.seriesScanned,
        },
        outcome: `${incidents.length} new incident(s), ${alreadyAlerted} already alerted, ${suppressed.length} suppressed by feedback, ${planned.length} planned`,
        at: clock(),
        key: `${input.scanId}:scan`,
      });
      log.info({ scanId: input.scanId, incidents: incidents.length, suppressed: suppressed.length, planned: planned.length }, 'anomaly scan');
      return { incidents, alreadyAlerted, suppressed, planned };
    },

    /** The anomaly enricher (LangGraph, read-only tools) on the incident; the deterministic reading when the model fails. */
    async enrichIncident(input: { workflowId: string; incident: Incident }): Promise<EnrichedIncident> {
      const { workflowId, incident } = input;
      const finding = incidentFinding(incident);
      const cloud = readerOf(providerOfIncident(incident));
      const runtime = createAgentRuntime(deps.llm, { runId: workflowId, clock, ...deps.agents });
      const { explanation, calls } = await runAnomalyEnricher(
        runtime,
        { cloud, ...(deps.costs ? { costs: deps.costs } : {}) },
        finding,
        incidentContributors(incident),
      );
      // Tags only route the alert (owner/team → channel, team → Jira project); they never become instructions.
      const resource = incident.rootCause.resource ? await cloud.getResource(incident.rootCause.resource).catch(() => undefined) : undefined;
      const tags = readTags(resource?.tags, deps.policy.tags);
      const owners = [...tags.owners];
      const teams = [...new Set([...tags.teams, ...(incident.rootCause.team ? [incident.rootCause.team] : [])])];
      const view: AnomalyExplanationView = {
        source: explanation.source,
        narrative: explanation.narrative,
        likelyCause: explanation.likelyCause,
        nextStep: explanation.nextStep,
        owner: explanation.owner,
        ...(explanation.source === 'fallback' ? { failure: explanation.fallback?.detail ?? 'no valid answer from the model' } : {}),
      };
      await recordEnrichment(workflowId, incident, view, calls);
      return {
        rootCause: describeRootCause(incident.rootCause),
        explanation: view,
        owners,
        teams,
        feedbackTimeoutMs: parseDuration(deps.policy.anomalies.feedbackTimeout),
      };
    },

    /**
     * The alert: Slack (routed by owner and team as approval requests are) and a Jira issue (project
     * per team). A channel that fails is recorded and the others still carry the alert; only when
     * every configured channel failed is the activity retried (nothing was posted, so nothing repeats).
     */
    async alertIncidentOwner(input: { view: AnomalyView }): Promise<AnomalyDelivery> {
      const { view } = input;
      const delivery: { slack: NonNullable<AnomalyDelivery['slack']>; jira?: AnomalyDelivery['jira']; failures: string[] } = { slack: [], failures: [] };
      let attempted = 0;
      if (deps.notifier) {
        attempted += 1;
        try {
          delivery.slack = await deps.notifier.postAnomalyAlert(view, { owners: view.owners, teams: view.teams });
        } catch (error) {
          delivery.failures.push(`slack: ${(error as Error).message}`);
        }
      }
      const target = jiraTargetFor(deps.policy, view.teams);
      if (deps.jira && target) {
        attempted += 1;
        try {
          const issue = await deps.jira.createIssue(anomalyIssue(view, target));
          delivery.jira = { key: issue.key, url: issue.url };
        } catch (error) {
          delivery.failures.push(`jira: ${(error as Error).message}`);
        }
      }
      // Nothing was posted, so a retry repeats nothing; the last attempt records the alert as undelivered.
      const attempt = Context.current().info.attempt;
      if (attempted > 0 && delivery.failures.length === attempted && attempt < ALERT_ATTEMPTS) {
        throw ApplicationFailure.retryable(`the alert for ${view.incidentId} reached no channel (attempt ${attempt}): ${delivery.failures.join('; ')}`);
      }
      const result: AnomalyDelivery = {
        slack: delivery.slack,
        ...(delivery.jira ? { jira: delivery.jira } : {}),
        ...(delivery.failures.length ? { failures: delivery.failures } : {}),
      };
      const where = [...delivery.slack.map((m) => `Slack ${m.channel}`), ...(delivery.jira ? [`Jira ${delivery.jira.key}`] : [])];
      await recordStep(audit, {
        workflowId: view.workflowId,
        findingId: view.incidentId,
        step: 'notify',
        actor: SYSTEM,
        input: view.incident,
        summary: `anomaly alert: ${describeRootCause(view.incident.rootCause)}`,
        output: {
          kind: 'anomaly-alert',
          incidentId: view.incidentId,
          rootCause: view.rootCause,
          slack: delivery.slack,
          ...(delivery.jira ? { jira: delivery.jira } : {}),
          failures: delivery.failures,
          explained: view.explanation?.source === 'llm',
        },
        outcome: where.length
          ? `alerted: ${where.join(', ')}${delivery.failures.length ? `; failed: ${delivery.failures.join('; ')}` : ''}`
          : attempted > 0
            ? `undelivered after ${ALERT_ATTEMPTS} attempts: ${delivery.failures.join('; ')}`
            : 'recorded: no Slack or Jira configured',
        at: clock(),
        key: `${view.workflowId}:alert`,
      });
      log.info({ workflowId: view.workflowId, slack: delivery.slack.length, jira: delivery.jira?.key, failures: delivery.failures.length }, 'anomaly alert');
      return result;
    },

    /** Records the owner's verdict; "expected" and "planned" suppress repeats of the same root cause from the next scan on. */
    async recordAnomalyFeedback(input: { view: AnomalyView; feedback: AnomalyFeedback }): Promise<void> {
      const { view, feedback } = input;
      const { incident } = view;
      await recordStep(audit, {
        workflowId: view.workflowId,
        findingId: view.incidentId,
        step: 'feedback',
        actor: { kind: 'human', id: feedback.by },
        input: feedback,
        summary: `${feedback.verdict} by ${feedback.by}: ${view.rootCause}`,
        output: {
          kind: 'anomaly-feedback',
          incidentId: incident.id,
          verdict: feedback.verdict,
          by: feedback.by,
          ...(feedback.note ? { note: feedback.note } : {}),
          rootCause: { ...incident.rootCause } as Record<string, string>,
          currency: incident.currency,
          start: incident.start,
        },
        outcome: `${feedback.verdict}${feedback.verdict === 'unexpected' ? '' : `: repeats of this root cause are not alerted for ${deps.policy.anomalies.suppressRepeatsDays} days`}`,
        at: feedback.at,
        key: `${view.workflowId}:feedback`,
      });
    },

    /**
     * The remediation for the incident's root-cause resource, when the cloud's findings have one
     * with a deterministic rule (activities/remediation-rules.ts: stop an idle VM, delete an orphan
     * volume, release an unused address). Off-hours enrollments are the owner's opt-in, not a remedy.
     */
    async remediationForIncident(input: { incident: Incident }): Promise<{ finding: Finding; verifyWindowMs: number } | undefined> {
      const resourceId = input.incident.rootCause.resource;
      if (!resourceId) return undefined;
      const cloud = readerOf(providerOfIncident(input.incident));
      const findings = await detectFindings(cloud, deps.policy, clock()).catch((error: unknown) => {
        log.warn({ incidentId: input.incident.id, error: (error as Error).message }, 'no remediation: the cloud could not be read');
        return [];
      });
      const finding = findings.find((f) => f.resourceId === resourceId && f.kind !== 'off-hours' && ruleProposal(f) !== undefined);
      return finding ? { finding, verifyWindowMs: parseDuration(deps.policy.execution.verifyWindow) } : undefined;
    },

    /** Puts the outcome (feedback, or the wait ending without) on the alert's Slack messages. */
    async updateAnomalyAlert(input: { view: AnomalyView; note?: string }): Promise<void> {
      const messages = input.view.delivery?.slack ?? [];
      if (!deps.notifier || messages.length === 0) return;
      await deps.notifier.updateAnomalyAlert(input.view, messages, input.note);
    },
  };

  async function recordEnrichment(workflowId: string, incident: Incident, explanation: AnomalyExplanationView, calls: readonly LlmCall[]): Promise<void> {
    const base = { workflowId, findingId: incident.id, step: 'enrich' as const, actor: { kind: 'agent' as const, id: 'anomaly-enricher' }, input: incident };
    const outcome = explanation.failure ? `explanation failed (${explanation.failure}); deterministic facts sent` : `explained by ${explanation.source}`;
    if (calls.length === 0) {
      await recordStep(audit, {
        ...base,
        output: { kind: 'enrichment', enrichment: { ...explanation } },
        summary: `enrich ${incident.id} without a model`,
        outcome,
        at: clock(),
        key: `${workflowId}:enrich:fallback`,
      });
      return;
    }
    for (const [i, call] of calls.entries()) {
      const last = i === calls.length - 1;
      await recordStep(audit, {
        ...base,
        output: last
          ? { kind: 'enrichment', enrichment: { ...explanation } }
          : { kind: 'repair', ...(call.problem ? { problem: call.problem } : {}), ...(call.finishReason ? { finishReason: call.finishReason } : {}) },
        summary: `enrich ${incident.id} (${call.attempt} attempt)`,
        outcome: last ? outcome : `${call.outcome}: repair requested`,
        llm: call,
        at: clock(),
        key: `${workflowId}:enrich:${i}`,
      });
    }
  }
}

export type AnomalyActivities = ReturnType<typeof createAnomalyActivities>;

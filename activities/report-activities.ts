import { join } from 'node:path';
import type { AnalysisDeps } from './deps.js';
import { completedWeekWindow } from '../reports/index.js';
import { produceWeeklyReport } from './weekly-report.js';

export interface ReportSettings {
  outDir: string;
  warehousePath: string;
  slack?: { token: string; channel: string; apiUrl?: string };
  /** tollgate.yaml `console.url`: the Slack summary links to the console's report page */
  consoleUrl?: string;
}

/** The weekly report as an activity, for the weekly Schedule. Files only; nothing in a cloud. */
export function createReportActivities(deps: AnalysisDeps, settings: ReportSettings) {
  return {
    /** `weekEnding` is the day the Schedule fired: the report covers the seven full days before it, and says so. */
    async writeWeeklyReportActivity(input: { weekEnding: string }): Promise<{ markdown: string; html: string; json: string }> {
      const outcome = await produceWeeklyReport({
        window: completedWeekWindow(input.weekEnding),
        outDir: join(settings.outDir),
        warehousePath: settings.warehousePath,
        audit: deps.audit,
        policy: deps.policy,
        ...(settings.slack ? { slack: settings.slack } : {}),
        ...(settings.consoleUrl ? { consoleUrl: settings.consoleUrl } : {}),
        ...(deps.agents?.ledger ? { ledger: deps.agents.ledger } : {}),
        ...(deps.detectThreading ? { detectThreading: deps.detectThreading } : {}),
      });
      deps.log.info({ paths: outcome.paths, slackTs: outcome.slackTs }, 'weekly report written');
      return { markdown: outcome.paths.markdown, html: outcome.paths.html, json: outcome.paths.json };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;

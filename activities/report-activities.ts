import { join } from 'node:path';
import type { AnalysisDeps } from './deps.js';
import { produceWeeklyReport } from './weekly-report.js';

export interface ReportSettings {
  outDir: string;
  warehousePath: string;
  slack?: { token: string; channel: string; apiUrl?: string };
}

/** The weekly report as an activity, for the weekly Schedule. Files only; nothing in a cloud. */
export function createReportActivities(deps: AnalysisDeps, settings: ReportSettings) {
  return {
    async writeWeeklyReportActivity(input: { weekEnding: string }): Promise<{ markdown: string; html: string; json: string }> {
      const outcome = await produceWeeklyReport({
        weekEnding: input.weekEnding,
        outDir: join(settings.outDir),
        warehousePath: settings.warehousePath,
        audit: deps.audit,
        policy: deps.policy,
        ...(settings.slack ? { slack: settings.slack } : {}),
      });
      deps.log.info({ paths: outcome.paths, slackTs: outcome.slackTs }, 'weekly report written');
      return outcome.paths;
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportHtml } from './report-html.js';
import { reportMarkdown } from './report-markdown.js';
import type { SuiteReport } from './run-suite.js';

/** Writes eval-report.json, .md and .html into `dir`; returns their paths. */
export function writeReports(report: SuiteReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['eval-report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['eval-report.md', reportMarkdown(report)],
    ['eval-report.html', reportHtml(report)],
  ];
  return files.map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

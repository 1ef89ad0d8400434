import { parse, View } from 'vega';
import { compile, type Config, type TopLevelSpec } from 'vega-lite';

/**
 * One look for every chart: a fixed font list (the SVG text is the same on every machine, so
 * snapshots are stable), gridlines, axis titles, and no label limits: a team or service name is
 * always drawn in full and the chart grows to fit it. Without a canvas, Vega measures text at
 * 0.8 em per character, wider than any of these fonts, so laid-out text never overflows its box.
 */
export const CHART_FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

const CONFIG: Config = {
  font: CHART_FONT,
  background: 'white',
  padding: 12,
  autosize: { type: 'pad', contains: 'padding' },
  title: { anchor: 'start', fontSize: 14, fontWeight: 600, subtitleFontSize: 11, subtitleColor: '#4b5563', limit: 0, offset: 10 },
  axis: {
    grid: true,
    gridColor: '#e5e7eb',
    domainColor: '#6b7280',
    tickColor: '#6b7280',
    labelLimit: 0,
    titleLimit: 0,
    labelFontSize: 11,
    titleFontSize: 12,
    titlePadding: 8,
  },
  axisBand: { grid: false },
  legend: { labelLimit: 0, titleLimit: 0, symbolLimit: 0, labelFontSize: 11, titleFontSize: 12, orient: 'right' },
  header: { labelLimit: 0, titleLimit: 0 },
  view: { stroke: null },
  range: { category: ['#2f6fdf', '#e8912d', '#3aa57a', '#c2417e', '#7b61d1', '#8c6d46', '#d4a017', '#4aa3c4', '#9aa3af', '#5b7a2e'] },
};

export interface ChartText {
  /** the chart's heading, also its SVG <title> */
  title: string;
  /** what it shows, in words: the SVG <desc> and the alt text for a screen reader */
  altText: string;
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/**
 * A Vega-Lite spec compiled and rendered to an SVG string on the server: a headless View
 * (renderer 'none', no canvas, no DOM), then toSVG(). The root gets role="img", a <title> and a
 * <desc> so a screen reader announces the chart, and a stable id prefix so two charts inlined in
 * one page never share a clip-path id.
 */
export async function renderChart(id: string, spec: TopLevelSpec, text: ChartText): Promise<string> {
  // A copy: Vega tags the data objects it is given, and the caller's data must stay as it was.
  const full = JSON.parse(JSON.stringify({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) }, description: text.altText })) as TopLevelSpec;
  const view = new View(parse(compile(full).spec), { renderer: 'none', logLevel: 0 });
  try {
    const svg = await view.toSVG();
    const safeId = id.replace(/[^A-Za-z0-9_-]/g, '-');
    return svg
      .replace(/(id|clip-path)="([^"]*?)"/g, (_, attr: string, value: string) => `${attr}="${value.replace(/^(url\(#)?/, `$1${safeId}-`)}"`)
      .replace(/^<svg /, `<svg id="chart-${safeId}" role="img" aria-labelledby="chart-${safeId}-title chart-${safeId}-desc" `)
      .replace(
        /(<svg [^>]*>)/,
        `$1<title id="chart-${safeId}-title">${escapeXml(text.title)}</title><desc id="chart-${safeId}-desc">${escapeXml(text.altText)}</desc>`,
      );
  } finally {
    view.finalize();
  }
}

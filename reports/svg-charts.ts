/**
 * Small inline-SVG charts for the self-contained HTML report: no script, no external
 * assets, so the file renders the same in a mail client, a browser or a CI artifact.
 */

export interface BarDatum {
  label: string;
  value: number;
  /** an optional second value drawn as a thinner, paler bar (e.g. last week) */
  compare?: number;
}

export interface LinePoint {
  label: string;
  value: number;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="11"';

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const money = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;

/** Horizontal bars, one row per label, scaled to the largest value. */
export function barChart(title: string, data: readonly BarDatum[], options: { width?: number; format?: (n: number) => string } = {}): string {
  const width = options.width ?? 560;
  const format = options.format ?? money;
  const rowHeight = 22;
  const labelWidth = 150;
  const valueWidth = 90;
  const top = 24;
  const height = top + Math.max(1, data.length) * rowHeight + 8;
  const max = Math.max(0, ...data.flatMap((d) => [d.value, d.compare ?? 0]));
  const scale = (v: number) => (max > 0 ? (Math.max(0, v) / max) * (width - labelWidth - valueWidth) : 0);
  const rows = data.map((d, i) => {
    const y = top + i * rowHeight;
    const compare =
      d.compare !== undefined
        ? `<rect class="bar bar-compare" x="${labelWidth}" y="${y + 14}" width="${scale(d.compare).toFixed(1)}" height="4" fill="#b8c4d6"><title>previous: ${format(d.compare)}</title></rect>`
        : '';
    return [
      `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end" ${FONT}>${escapeXml(truncate(d.label, 24))}</text>`,
      `<rect class="bar" x="${labelWidth}" y="${y + 2}" width="${scale(d.value).toFixed(1)}" height="12" rx="2" fill="#2f6fdf"><title>${escapeXml(d.label)}: ${format(d.value)}</title></rect>`,
      compare,
      `<text x="${labelWidth + scale(d.value) + 6}" y="${y + 12}" ${FONT}>${escapeXml(format(d.value))}</text>`,
    ].join('');
  });
  const empty = data.length === 0 ? `<text x="${labelWidth}" y="${top + 12}" ${FONT} fill="#777">no data</text>` : '';
  return svg(width, height, title, [...rows, empty].join('\n'));
}

/** A line over evenly spaced points with a zero-based y axis and first/last labels. */
export function lineChart(
  title: string,
  points: readonly LinePoint[],
  options: { width?: number; height?: number; format?: (n: number) => string } = {},
): string {
  const width = options.width ?? 560;
  const height = options.height ?? 180;
  const format = options.format ?? money;
  const pad = { left: 56, right: 12, top: 24, bottom: 24 };
  const max = Math.max(0, ...points.map((p) => p.value));
  const x = (i: number) => pad.left + (points.length > 1 ? (i / (points.length - 1)) * (width - pad.left - pad.right) : (width - pad.left - pad.right) / 2);
  const y = (v: number) => height - pad.bottom - (max > 0 ? (v / max) * (height - pad.top - pad.bottom) : 0);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const dots = points.map(
    (p, i) =>
      `<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="#2f6fdf"><title>${escapeXml(p.label)}: ${format(p.value)}</title></circle>`,
  );
  const axis = [
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#999"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#999"/>`,
    `<text x="${pad.left - 6}" y="${pad.top + 4}" text-anchor="end" ${FONT}>${escapeXml(format(max))}</text>`,
    `<text x="${pad.left - 6}" y="${height - pad.bottom}" text-anchor="end" ${FONT}>${escapeXml(format(0))}</text>`,
  ];
  const labels =
    points.length > 0
      ? `<text x="${x(0)}" y="${height - 6}" ${FONT}>${escapeXml(points[0]!.label)}</text><text x="${x(points.length - 1)}" y="${height - 6}" text-anchor="end" ${FONT}>${escapeXml(points.at(-1)!.label)}</text>`
      : `<text x="${pad.left + 8}" y="${height / 2}" ${FONT} fill="#777">no data</text>`;
  const line = points.length > 0 ? `<path class="line" d="${path}" fill="none" stroke="#2f6fdf" stroke-width="2"/>` : '';
  return svg(width, height, title, [...axis, line, ...dots, labels].join('\n'));
}

function svg(width: number, height: number, title: string, body: string): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">
<title>${escapeXml(title)}</title>
<text x="0" y="14" font-family="system-ui, sans-serif" font-size="13" font-weight="600">${escapeXml(title)}</text>
${body}
</svg>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

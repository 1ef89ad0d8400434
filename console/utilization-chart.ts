import type { UtilizationSummary } from '../core/index.js';
import { html, type Html } from './html.js';

/**
 * The utilization the finding was judged on, as horizontal bars on a 0–100% axis with the
 * policy's usual 80% headroom line. Inline SVG built from numbers only; labels are escaped.
 */
export function utilizationChart(u: UtilizationSummary): Html {
  const bars: { label: string; pct: number }[] = [
    { label: 'CPU P50', pct: u.cpu.p50 },
    { label: 'CPU P95', pct: u.cpu.p95 },
    { label: 'CPU P99', pct: u.cpu.p99 },
    { label: 'CPU P99.5', pct: u.cpu.p995 },
    { label: 'CPU max', pct: u.cpu.max },
    ...(u.memory
      ? [
          { label: 'Memory P95', pct: u.memory.p95 },
          { label: 'Memory P99', pct: u.memory.p99 },
        ]
      : []),
    ...(u.networkP95Pct !== undefined ? [{ label: 'Network P95', pct: u.networkP95Pct }] : []),
  ];
  const left = 110;
  const width = 420;
  const rowH = 24;
  const top = 10;
  const height = top + bars.length * rowH + 30;
  const x = (pct: number) => left + (Math.max(0, Math.min(100, pct)) / 100) * width;
  const ticks = [0, 20, 40, 60, 80, 100];
  return html`<figure class="chart">
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 ${left + width + 60} ${height}"
      role="img"
      aria-label="Utilization percentiles over ${u.hoursObserved} hours"
    >
      ${ticks.map(
        (t) =>
          html`<line
              x1="${x(t)}"
              x2="${x(t)}"
              y1="${top}"
              y2="${height - 22}"
              stroke="${t === 80 ? '#b45309' : '#d4d4d8'}"
              stroke-dasharray="${t === 80 ? '4 3' : ''}"
            /><text x="${x(t)}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#52525b">${t}%</text>`,
      )}
      ${bars.map((b, i) => {
        const y = top + i * rowH;
        return html`<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12" fill="#27272a">${b.label}</text
          ><rect x="${left}" y="${y + 4}" width="${x(b.pct) - left}" height="${rowH - 8}" fill="${b.pct > 80 ? '#dc2626' : '#2563eb'}" /><text
            x="${x(b.pct) + 4}"
            y="${y + 15}"
            font-size="11"
            fill="#27272a"
            >${round(b.pct)}%</text
          >`;
      })}
    </svg>
    <figcaption>${u.resourceId}: ${round(u.hoursObserved)} hours observed, ${u.from} → ${u.to}. The dashed line is 80% (20% headroom).</figcaption>
  </figure>`;
}

function round(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

import { describe, expect, it } from 'vitest';
import { dashboardCharts } from '../../reports/index.js';

describe('a dashboard chart as SVG', () => {
  it('is the same file on every machine and every day (fixed fonts, no clock, no random ids)', async () => {
    const [movers, calendar] = await dashboardCharts({
      window: { from: '2025-03-03T00:00:00.000Z', to: '2025-03-10T00:00:00.000Z' },
      movers: [
        {
          currency: 'USD',
          rows: [
            { dimension: 'service', key: 'Amazon Elastic Compute Cloud', current: 1400, previous: 700 },
            { dimension: 'service', key: 'Amazon Simple Storage Service', current: 140, previous: 210 },
          ],
        },
      ],
      incidentDays: [
        { date: '2025-03-08', count: 0 },
        { date: '2025-03-09', count: 2, worst: 'critical' },
      ],
    });
    // A change here is a change in what people see: look at the SVG before updating it (vitest -u).
    await expect(movers!.svg).toMatchFileSnapshot('__snapshots__/top-movers-USD.svg');
    await expect(calendar!.svg).toMatchFileSnapshot('__snapshots__/anomaly-calendar.svg');
  });
});

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/index.js';
import { billKey, withBillRates, type BillRate } from '../../detect/bill-rates.js';

const base = { provider: 'aws' as const, region: 'us-east-1', summary: '', detectedAt: '2026-01-20T00:00:00Z', candidates: [] };
const rate = (billResourceId: string, hourlyUsd: number): BillRate => ({
  billResourceId,
  hourlyUsd,
  hours: 336,
  from: '2026-01-06T00:00:00Z',
  to: '2026-01-20T00:00:00Z',
});

describe('savings from the bill in preference to list price', () => {
  it('an idle VM or an orphan saves its whole effective rate, and the finding names the bill as source', () => {
    const idle: Finding = {
      ...base,
      id: 'f1',
      kind: 'idle',
      resourceId: 'i-0idle',
      currentSku: 'm5.xlarge',
      estimatedMonthlySavingsUsd: 140.16,
      catalogDate: '2026-07-20',
    };
    const orphan: Finding = { ...base, id: 'f2', kind: 'orphan-volume', resourceId: 'vol-0old', currentSku: 'gp3', estimatedMonthlySavingsUsd: 0 };
    const [pricedIdle, pricedOrphan] = withBillRates(
      [idle, orphan],
      [rate('arn:aws:ec2:us-east-1:123456789012:instance/i-0idle', 0.1), rate('vol-0old', 0.011)],
    );
    expect(pricedIdle).toMatchObject({ estimatedMonthlySavingsUsd: 73, priceSource: 'bill: effective rate $0.1000/h over 336 h (2026-01-06 → 2026-01-20)' });
    expect(pricedOrphan?.estimatedMonthlySavingsUsd).toBe(8.03);
  });

  it('a resize saves the same share of the effective rate as of the list price', () => {
    // List: m5.2xlarge $280.32/month → m5.large $70.08 saves $210.24 (75 %); billed at $0.2/h = $146/month → saves $109.50.
    const resize: Finding = {
      ...base,
      id: 'f3',
      kind: 'rightsizing',
      resourceId: 'i-0web',
      currentSku: 'm5.2xlarge',
      estimatedMonthlySavingsUsd: 210.24,
      candidates: [
        { sku: 'm5.large', vcpu: 2, memoryGiB: 8, architecture: 'x86_64', hourlyUsd: 0.096, monthlySavingsUsd: 210.24, projectedCpuP995Pct: 50, flags: [] },
      ],
    };
    expect(withBillRates([resize], [rate('i-0web', 0.2)])[0]?.estimatedMonthlySavingsUsd).toBe(109.5);
  });

  it('keeps the list price where the bill has no line for the resource, and for kinds it does not price', () => {
    const idle: Finding = { ...base, id: 'f4', kind: 'idle', resourceId: 'i-0other', currentSku: 'm5.xlarge', estimatedMonthlySavingsUsd: 140.16 };
    const offHours: Finding = { ...base, id: 'f5', kind: 'off-hours', resourceId: 'i-0idle', currentSku: 'm5.xlarge', estimatedMonthlySavingsUsd: 30 };
    expect(withBillRates([idle, offHours], [rate('i-0idle', 0.1)])).toEqual([idle, offHours]);
  });

  it('matches ids as each cloud bills them', () => {
    expect(billKey('arn:aws:ec2:eu-west-1:111122223333:volume/vol-0abc')).toBe('vol-0abc');
    expect(billKey('//compute.googleapis.com/projects/p/zones/z/instances/web-1')).toBe('projects/p/zones/z/instances/web-1');
    expect(billKey('/subscriptions/S/resourceGroups/RG/providers/Microsoft.Compute/disks/Old')).toBe(
      billKey('/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/disks/old'),
    );
  });
});

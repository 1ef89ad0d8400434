import { describe, expect, it } from 'vitest';
import { parseEstate } from '../../clouds/sandbox/estate.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import type { Action } from '../../core/index.js';
import { ticketFor } from '../support/cloud-tickets.js';
import { sampleEstate } from '../support/world.js';

describe('sandbox estate files', () => {
  it('name the file and what is wrong: not JSON, or the field that does not fit', () => {
    expect(() => parseEstate('{"resources": [', 'estates/broken.json')).toThrow(/^estates\/broken\.json: not valid JSON/);
    const wrongCpu = JSON.stringify({
      ...sampleEstate(),
      resources: [{ ...sampleEstate().resources[0], utilization: { hoursOfData: 10, cpu: { basePct: 140 } } }],
    });
    expect(() => parseEstate(wrongCpu, 'estates/wrong.json')).toThrow(/estates\/wrong\.json: not a sandbox estate\n\s+resources\.0\.utilization\.cpu\.basePct/);
  });

  it('refuse a change the resource cannot take, name it, and leave the estate as it was', async () => {
    const cloud = new SandboxCloud(sampleEstate());
    const before = await cloud.listResources();
    const startRunning: Action = { type: 'start', provider: 'sandbox', resourceId: 'i-0web0overprov01', region: 'us-east-1' };
    await expect(cloud.apply(startRunning, ticketFor(startRunning))).rejects.toThrow(
      /cannot start i-0web0overprov01 \(vm, running\): only a stopped VM starts/,
    );
    const toMissingSize: Action = {
      type: 'resize',
      provider: 'sandbox',
      resourceId: 'i-0web0overprov01',
      region: 'us-east-1',
      fromSku: 'm5.2xlarge',
      toSku: 'm5.huge',
    };
    await expect(cloud.apply(toMissingSize, ticketFor(toMissingSize))).rejects.toThrow(/m5\.huge does not exist in us-east-1/);
    expect(await cloud.listResources()).toEqual(before);
    expect(cloud.changesOf('i-0web0overprov01')).toEqual([]);
  });
});

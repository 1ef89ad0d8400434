import { describe, expect, it } from 'vitest';
import { architectureUnchanged } from '../../../guardrails/checks/architecture-unchanged.js';
import { featuresPreserved } from '../../../guardrails/checks/features-preserved.js';
import { targetInCatalog } from '../../../guardrails/checks/target-in-catalog.js';
import { context, proposalFor, RESOURCE, resize, simple } from '../fixtures.js';

const from = (sku: string, toSku: string, uses?: { acceleratedNetworking?: boolean; premiumStorage?: boolean }) =>
  context({ resource: { ...RESOURCE, sku, ...(uses ? { uses } : {}) }, proposal: proposalFor(resize(toSku, sku)) });

describe('target-in-catalog', () => {
  it('passes a target that exists in the provider catalog for the region', () => {
    expect(targetInCatalog.run(context())).toEqual({
      passed: true,
      reason: 'm5.xlarge exists (4 vCPU, 16 GiB, catalog 2026-07-20)',
      numbers: { toSku: 'm5.xlarge', catalogDate: '2026-07-20' },
    });
  });
  it('refuses an invented SKU', () => {
    expect(targetInCatalog.run(context({ proposal: proposalFor(resize('m5.imaginary')) }))).toEqual({
      passed: false,
      reason: 'target m5.imaginary is not in the sandbox catalog for us-east-1',
      numbers: { toSku: 'm5.imaginary' },
    });
  });
  it('refuses a SKU from another region or provider', () => {
    expect(targetInCatalog.run(context({ resource: { ...RESOURCE, region: 'eu-west-1' } })).passed).toBe(false);
    expect(targetInCatalog.run(context({ resource: { ...RESOURCE, provider: 'aws' } })).passed).toBe(false);
  });
  it('refuses a proposal that starts from another size than the resource has', () => {
    expect(targetInCatalog.run(context({ proposal: proposalFor(resize('m5.xlarge', 'm5.4xlarge')) }))).toEqual({
      passed: false,
      reason: 'proposal starts from m5.4xlarge but the resource is m5.2xlarge',
      numbers: { fromSku: 'm5.4xlarge', actualSku: 'm5.2xlarge' },
    });
  });
  it('applies to resizes only', () => {
    expect(targetInCatalog.appliesTo(simple('stop'))).toBe(false);
    expect(targetInCatalog.run(context({ proposal: proposalFor(simple('stop')) }))).toEqual({ passed: true, reason: 'not a resize', numbers: {} });
  });
});

describe('architecture-unchanged', () => {
  it('passes x86 → x86 without GPU', () => {
    expect(architectureUnchanged.run(context())).toEqual({
      passed: true,
      reason: 'same architecture (x86_64), no GPU',
      numbers: { from: 'x86_64', to: 'x86_64', fromGpu: 0, toGpu: 0 },
    });
  });
  it('refuses x86 → ARM', () => {
    expect(architectureUnchanged.run(context({ proposal: proposalFor(resize('m6g.xlarge')) }))).toMatchObject({
      passed: false,
      reason: 'architecture change x86_64 → arm64 is a proposal only',
    });
  });
  it('refuses GPU sizes on either side', () => {
    expect(architectureUnchanged.run(context({ proposal: proposalFor(resize('g4dn.xlarge')) }))).toMatchObject({
      passed: false,
      reason: 'GPU sizes are proposals only',
      numbers: { toGpu: 1 },
    });
    expect(architectureUnchanged.run(from('g4dn.xlarge', 'm5.xlarge')).passed).toBe(false);
  });
  it('fails when a size is unknown', () => {
    expect(architectureUnchanged.run(context({ proposal: proposalFor(resize('nope')) }))).toEqual({
      passed: false,
      reason: 'architecture unknown: size missing from the catalog',
      numbers: {},
    });
  });
  it('applies to resizes only', () => {
    expect(architectureUnchanged.appliesTo(simple('stop'))).toBe(false);
    expect(architectureUnchanged.run(context({ proposal: proposalFor(simple('stop')) }))).toEqual({ passed: true, reason: 'not a resize', numbers: {} });
  });
});

describe('features-preserved', () => {
  it('passes when nothing special is in use', () => {
    expect(featuresPreserved.run(context())).toEqual({
      passed: true,
      reason: 'no special features in use',
      numbers: { acceleratedNetworkingNeeded: false, acceleratedNetworkingOnTarget: null, premiumStorageNeeded: false, premiumStorageOnTarget: null },
    });
  });
  it('keeps accelerated networking and premium storage that the current size has', () => {
    expect(featuresPreserved.run(from('d4s.xlarge', 'd4s.large'))).toMatchObject({
      passed: true,
      reason: 'd4s.large supports acceleratedNetworking and premiumStorage',
    });
  });
  it('refuses a target without accelerated networking', () => {
    expect(featuresPreserved.run(from('d4s.xlarge', 'd4.xlarge'))).toEqual({
      passed: false,
      reason: 'd4.xlarge does not support acceleratedNetworking, which the VM uses',
      numbers: { acceleratedNetworkingNeeded: true, acceleratedNetworkingOnTarget: false, premiumStorageNeeded: true, premiumStorageOnTarget: true },
    });
  });
  it('refuses a target whose support is unknown', () => {
    expect(featuresPreserved.run(from('d4s.xlarge', 'm5.xlarge'))).toMatchObject({
      passed: false,
      reason: 'm5.xlarge does not support acceleratedNetworking and premiumStorage, which the VM uses',
    });
  });
  it('follows what the resource says it uses over the catalog', () => {
    expect(featuresPreserved.run(from('d4s.xlarge', 'd4.xlarge', { acceleratedNetworking: false })).passed).toBe(true);
    expect(featuresPreserved.run(from('m5.2xlarge', 'm5.xlarge', { premiumStorage: true }))).toMatchObject({
      passed: false,
      numbers: { premiumStorageNeeded: true, acceleratedNetworkingNeeded: false },
    });
  });
  it('fails when a size is unknown', () => {
    expect(featuresPreserved.run(context({ proposal: proposalFor(resize('nope')) }))).toEqual({
      passed: false,
      reason: 'features unknown: size missing from the catalog',
      numbers: {},
    });
  });
  it('applies to resizes only', () => {
    expect(featuresPreserved.appliesTo(simple('stop'))).toBe(false);
    expect(featuresPreserved.appliesTo(resize('m5.large'))).toBe(true);
    expect(featuresPreserved.run(context({ proposal: proposalFor(simple('stop')) }))).toEqual({ passed: true, reason: 'not a resize', numbers: {} });
  });
});

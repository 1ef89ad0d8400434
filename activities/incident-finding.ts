import { contributorsFromDetect, type Contributor } from '../agents/index.js';
import type { Finding, Incident, Provider } from '../core/index.js';

const DAY_MS = 86_400_000;

/** The cloud a FOCUS ProviderName belongs to ("AWS", "Microsoft", "Google Cloud"); unknown → sandbox. */
export function providerOfIncident(incident: Incident): Provider {
  const name = incident.rootCause.provider ?? '';
  if (/aws|amazon/i.test(name)) return 'aws';
  if (/azure|microsoft/i.test(name)) return 'azure';
  if (/google|gcp/i.test(name)) return 'gcp';
  return 'sandbox';
}

/**
 * An incident in the shape the anomaly enricher reads. The summary is numbers and fixed words
 * plus the bill's currency; the root cause's keys (names, tag values) reach the prompt as
 * contributor values and through the resource tools. anomaly-enrich@2 renders the summary and
 * the contributors inside untrusted-data blocks, so none of it is read as instructions.
 */
export function incidentFinding(incident: Incident): Finding {
  const pct = incident.expected > 0 ? ` (+${((incident.impact / incident.expected) * 100).toFixed(1)} %)` : '';
  const days = Math.round((Date.parse(incident.end) - Date.parse(incident.start)) / DAY_MS) + 1;
  return {
    id: incident.id,
    kind: 'anomaly',
    provider: providerOfIncident(incident),
    resourceId: incident.rootCause.resource ?? incident.id,
    ...(incident.rootCause.subAccount ? { account: incident.rootCause.subAccount } : {}),
    region: incident.rootCause.region ?? 'global',
    currentSku: incident.rootCause.usageType ?? '',
    summary:
      `Cost incident ${incident.id} (${incident.severity}, ${incident.method}): ${incident.impact.toFixed(2)} ${incident.currency} above expected${pct} ` +
      `over ${days} day(s) from ${incident.start}${incident.ongoing ? ', still ongoing' : ` to ${incident.end}`}`,
    // The enricher compares the day before detectedAt with the week before it: the incident's first day.
    detectedAt: new Date(Date.parse(`${incident.start}T00:00:00.000Z`) + DAY_MS).toISOString(),
    candidates: [],
    estimatedMonthlySavingsUsd: Math.round(incident.impact * 100) / 100,
  };
}

/** The incident's ranked root-cause candidates as the enricher's contributors (first-day deltas). */
export function incidentContributors(incident: Incident): Contributor[] {
  return contributorsFromDetect(incident.rootCauses.slice(0, 5).map((c) => ({ dimension: c.dimension, key: c.key, deltaUsd: c.impact })));
}

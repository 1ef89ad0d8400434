import type { Cassette, CassetteRequest } from './cassette.js';

/**
 * On a replay miss, shows how the request differs from the closest stored one, line by
 * line, so a prompt change reads as a diff rather than a bare hash.
 */
export function missReport(request: CassetteRequest, cassettes: readonly Cassette[]): string {
  const text = flatten(request);
  let best: { cassette: Cassette; score: number } | undefined;
  for (const cassette of cassettes) {
    const score = overlap(text, flatten(cassette.request));
    if (!best || score > best.score) best = { cassette, score };
  }
  if (!best) return 'no cassette is stored at all: run the suite in script or record mode first';
  const ours = text.split('\n');
  const theirs = new Set(flatten(best.cassette.request).split('\n'));
  const mine = new Set(ours);
  const added = ours.filter((l) => !theirs.has(l)).map((l) => `+ ${l}`);
  const removed = flatten(best.cassette.request)
    .split('\n')
    .filter((l) => !mine.has(l))
    .map((l) => `- ${l}`);
  return [
    `closest cassette ${best.cassette.key.slice(0, 12)} (${best.cassette.label}); - stored, + requested:`,
    ...removed.slice(0, 20),
    ...added.slice(0, 20),
  ].join('\n');
}

function flatten(request: CassetteRequest): string {
  return [`model: ${request.model}`, ...request.messages.map((m) => `[${m.role}] ${m.content}`)].join('\n');
}

function overlap(a: string, b: string): number {
  const left = new Set(a.split('\n'));
  return b.split('\n').filter((l) => left.has(l)).length;
}

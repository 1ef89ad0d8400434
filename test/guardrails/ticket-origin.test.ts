import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertTicketCovers, TicketRejected } from '../../core/index.js';
import { resize, NOW } from './fixtures.js';

/**
 * Only guardrails/authorize.ts (and core/ticket.ts, which checks them) may import the
 * ticket mint. This scans the sources directly, so it holds even if the dependency-cruiser
 * rule is edited away.
 */
const ROOT = process.cwd();
const ALLOWED = new Set(['guardrails/authorize.ts', 'core/ticket.ts']);
// Tests are not shipped code (and quote the import forms as text); everything else is scanned.
const SKIP = new Set(['node_modules', '.git', '.tollgate', '.stryker-tmp', 'reports-out', 'coverage', 'dist', 'test']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    // test/architecture plants zz-planted-* files for a moment to prove the cruiser rule bites.
    if (SKIP.has(name) || name.startsWith('zz-planted-')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

// Any import, export-from, dynamic import or require naming the module, with or without a suffix.
const MINT_REFERENCE = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"][^'"]*ticket-mint(?:\.[cm]?[jt]s)?['"]/;

describe('ticket origin', () => {
  it('only guardrails/authorize.ts and core/ticket.ts import core/ticket-mint.ts', () => {
    const importers = sources(ROOT)
      .filter((file) => MINT_REFERENCE.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file).split('\\').join('/'))
      .sort();
    expect(importers).toEqual([...ALLOWED].sort());
  });
  it('recognizes every form of import it guards against', () => {
    for (const line of [
      "import { mintTicket } from '../core/ticket-mint.js';",
      'export { mintTicket } from "./ticket-mint"',
      "const m = await import('../../core/ticket-mint.ts')",
      "const m = require('../core/ticket-mint.cjs')",
      "import '../core/ticket-mint.js'",
    ]) {
      expect(MINT_REFERENCE.test(line), line).toBe(true);
    }
    expect(MINT_REFERENCE.test("import { x } from '../core/ticket.js'")).toBe(false);
  });
  it('a hand-made ticket never passes the mutation layer', () => {
    const forged = {
      kind: 'execution-ticket',
      actionHash: 'x',
      idempotencyKey: 'k',
      issuedAt: NOW,
      expiresAt: NOW,
      approvers: [],
      ruleVersions: {},
      purpose: 'apply',
    } as const;
    expect(() => assertTicketCovers(forged, resize('m5.xlarge'), NOW)).toThrow(TicketRejected);
    expect(() => assertTicketCovers(undefined, resize('m5.xlarge'), NOW)).toThrow('mutation refused: no ticket issued by guardrails.authorize()');
  });
});

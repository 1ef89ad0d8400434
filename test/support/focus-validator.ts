import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The FinOps Foundation's validator, installed by scripts/setup.d/focus-validator.sh. */
export function focusValidatorPath(): string {
  const path =
    process.env.TOLLGATE_FOCUS_VALIDATOR ?? join(process.env.TOLLGATE_CACHE ?? join(homedir(), '.cache/tollgate'), 'focus-validator-venv/bin/focus-validator');
  if (!existsSync(path)) throw new Error(`focus-validator not found at ${path}: run scripts/setup.d/focus-validator.sh (make test does)`);
  return path;
}

/** Its package folder: it reads focus_validator/rules/currency_codes.csv relative to the working directory. */
function packageRoot(bin: string): string {
  const lib = join(dirname(dirname(bin)), 'lib');
  const python = readdirFirst(lib, /^python3\.\d+$/);
  return join(lib, python, 'site-packages');
}

function readdirFirst(folder: string, pattern: RegExp): string {
  const names = readdirSync(folder);
  const found = names.find((n) => pattern.test(n));
  if (!found) throw new Error(`no ${pattern} in ${folder}`);
  return found;
}

export interface RuleFailure {
  rule: string;
  violations: number;
  message: string;
  /** rule ids a composite (AND/OR) rule failed on */
  children: string[];
}

export interface ValidatorRun {
  total: number;
  passed: number;
  skipped: number;
  failed: RuleFailure[];
  output: string;
}

/** Runs the validator against FOCUS 1.2 with downloads blocked, and reads its console report. */
export async function runFocusValidator(file: string): Promise<ValidatorRun> {
  const bin = focusValidatorPath();
  const args = ['--data-file', file, '--validate-version', '1.2', '--block-download', '--output-type', 'console', '--show-violations'];
  let output: string;
  try {
    const result = await run(bin, args, { cwd: packageRoot(bin), maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
    output = result.stdout + result.stderr;
  } catch (error) {
    // It exits non-zero when rules fail; the report is still on stdout.
    const e = error as { stdout?: string; stderr?: string; message: string };
    output = (e.stdout ?? '') + (e.stderr ?? '');
    if (!/=== Validation Results ===/.test(output)) throw new Error(`focus-validator failed on ${file}: ${e.message}\n${output.slice(-2000)}`);
  }
  const total = Number(/Total: (\d+)/.exec(output)?.[1] ?? NaN);
  if (!Number.isFinite(total)) throw new Error(`focus-validator printed no summary for ${file}:\n${output.slice(-2000)}`);
  const failed = [...output.matchAll(/^❌ (\S+): FAIL\s+\(violations=(\d+), msg=(.*)$/gmu)].map((m) => ({
    rule: m[1]!,
    violations: Number(m[2]),
    message: m[3]!.replace(/, [\d.]+ms\)$/, '').replace(/\)$/, ''),
    children: [...(/failed child rules: \[([^\]]*)\]/.exec(m[3]!)?.[1]?.split(',') ?? [])]
      .map((s) => s.trim())
      .filter((s) => /^[A-Za-z]+-[A-Z]-\d{3}-[A-Z]$/.test(s)),
  }));
  const count = (label: string) => Number(new RegExp(`${label}: (\\d+)`).exec(output)?.[1] ?? 0);
  return { total, passed: count('Pass'), skipped: count('Skipped'), failed, output };
}

export interface ConformanceException {
  /** glob over the sample's path below ../shared/data or the project (`focus/spec-v1.2-examples/*`) */
  source: string;
  rule: string;
  column: string;
  why: string;
}

/** The exceptions table in docs/data-dictionary.md: | source | rule | source column | why |. */
export function documentedExceptions(markdown = readFileSync(join(process.cwd(), 'docs/data-dictionary.md'), 'utf8')): ConformanceException[] {
  const section = markdown.split(/^### Validator exceptions$/m)[1]?.split(/^#/m)[0] ?? '';
  return section
    .split('\n')
    .filter((l) => /^\| `/.test(l))
    .flatMap((line) => {
      const [source, rules, column, why] = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replaceAll('`', ''));
      return (rules ?? '').split(/,\s*/).map((rule) => ({ source: source!, rule, column: column!, why: why! }));
    });
}

export interface DocumentedRefusal {
  /** glob over the sample's path, as in the exceptions table */
  source: string;
  /** the columns whose values the ingest refuses in that source */
  columns: string[];
  why: string;
}

/** The refused-at-ingest table in docs/data-dictionary.md: | source | columns | why |. */
export function documentedRefusals(markdown = readFileSync(join(process.cwd(), 'docs/data-dictionary.md'), 'utf8')): DocumentedRefusal[] {
  const section = markdown.split(/^### Samples refused at ingest$/m)[1]?.split(/^#/m)[0] ?? '';
  return section
    .split('\n')
    .filter((l) => /^\| `/.test(l))
    .map((line) => {
      const [source, columns, why] = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replaceAll('`', ''));
      return { source: source!, columns: (columns ?? '').split(/,\s*/), why: why! };
    });
}

/** The documented refusal that covers this source's refused column, if any. */
export function refusalFor(source: string, column: string | undefined, refusals: DocumentedRefusal[]): DocumentedRefusal | undefined {
  return refusals.find((r) => globMatches(r.source, source) && column !== undefined && r.columns.includes(column));
}

function globMatches(glob: string, path: string): boolean {
  // `**` crosses folders, `*` does not.
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('**', '\u0000')
    .replaceAll('*', '[^/]*')
    .replaceAll('\u0000', '.*');
  return new RegExp(`^${pattern}$`).test(path);
}

/** Failures neither documented nor composites of documented ones. */
export function unexcused(failed: RuleFailure[], source: string, exceptions: ConformanceException[]): RuleFailure[] {
  const excused = new Set(exceptions.filter((e) => globMatches(e.source, source)).map((e) => e.rule));
  const failedIds = new Set(failed.map((f) => f.rule));
  const isExcused = (f: RuleFailure, seen: Set<string>): boolean => {
    if (excused.has(f.rule)) return true;
    if (f.children.length === 0 || seen.has(f.rule)) return false;
    seen.add(f.rule);
    return f.children.every((c) => {
      const child = failed.find((x) => x.rule === c);
      return child ? isExcused(child, seen) : !failedIds.has(c);
    });
  };
  return failed.filter((f) => !isExcused(f, new Set()));
}

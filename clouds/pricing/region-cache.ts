import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One JSON file per region of fetched prices (`<prefix>-<region>.json` in `dir`), each carrying
 * when it was fetched. A file that is torn, foreign or for another region reads as absent and is
 * fetched again; writes go beside and are renamed, so a reader never sees half a file.
 */
export class RegionCache<T extends { fetched_at: string }> {
  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    /** Whether a parsed file really holds this region's prices. */
    private readonly holds: (parsed: T, region: string) => boolean,
  ) {}

  /** The region's cached prices while younger than `maxAgeMs` at `now`. */
  fresh(region: string, now: string, maxAgeMs: number): T | undefined {
    const cached = this.read(region);
    return cached && Date.parse(now) - Date.parse(cached.fetched_at) < maxAgeMs ? cached : undefined;
  }

  read(region: string): T | undefined {
    const file = this.file(region);
    if (!existsSync(file)) return undefined;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as T;
      return parsed.fetched_at && this.holds(parsed, region) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  write(region: string, value: T): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.file(region);
    writeFileSync(`${file}.tmp`, JSON.stringify(value));
    renameSync(`${file}.tmp`, file);
  }

  private file(region: string): string {
    return join(this.dir, `${this.prefix}-${region}.json`);
  }
}

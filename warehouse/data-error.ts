/** Where in a source file a problem is; row is the 1-based data record (the header is not counted). */
export interface DataErrorLocation {
  file: string;
  row?: number;
  column?: string;
  expected?: string;
  found?: string;
}

/** A source file Tollgate will not load, with what, where and what to do. Nothing is written when one is thrown. */
export class DataError extends Error {
  readonly location: DataErrorLocation;
  readonly hint: string | undefined;

  constructor(problem: string, location: DataErrorLocation, hint?: string) {
    super(formatDataError(problem, location, hint));
    this.name = 'DataError';
    this.location = location;
    this.hint = hint;
  }
}

function formatDataError(problem: string, at: DataErrorLocation, hint: string | undefined): string {
  const where = [at.file, at.row !== undefined ? `row ${at.row}` : undefined, at.column !== undefined ? `column ${JSON.stringify(at.column)}` : undefined]
    .filter(Boolean)
    .join(', ');
  const detail = [at.expected !== undefined ? `expected ${at.expected}` : undefined, at.found !== undefined ? `found ${JSON.stringify(at.found)}` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${problem}${detail ? ` (${detail})` : ''}${hint ? `. ${hint}` : ''}`;
}

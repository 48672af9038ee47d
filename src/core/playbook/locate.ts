/**
 * Positions in a playbook's text: offsets to 1-based line and column (UTF-16 code units, as the
 * `yaml` library and editors count), and a map from each value's JSON Pointer (`/actions/3/owner`,
 * the same paths ajv reports) to where its key and value are written.
 */

export interface Position {
  line: number;
  col: number;
}

/** A problem found in some text, before it is tied to a file name. */
export interface Finding extends Position {
  message: string;
  /** Set when the problem is in another file (a template file beside the playbook). */
  file?: string;
}

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  at(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  }
  /** The offset of a 1-based line and column. */
  offset(pos: Position): number {
    return (this.starts[pos.line - 1] ?? 0) + pos.col - 1;
  }
}

/** `[start, end)` offsets in the text. */
export type Range = readonly [number, number];

interface Entry {
  key?: Range;
  value: Range;
}

/** JSON Pointer escaping (RFC 6901), as ajv writes `instancePath`. */
export function pointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export class Locator {
  private readonly entries = new Map<string, Entry>();
  readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  record(path: string, value: Range, key?: Range): void {
    // The first record wins: an alias's expansion must not move a value that is written once.
    if (!this.entries.has(path)) this.entries.set(path, key ? { key, value } : { value });
  }

  /** Where the value at `path` is written (or, if it has no node, its key or nearest ancestor). */
  value(path: string): Position {
    const e = this.nearest(path);
    return this.lines.at(e ? e.value[0] : 0);
  }

  /** Where the key of the value at `path` is written; the value itself for list items and the root. */
  key(path: string): Position {
    const e = this.nearest(path);
    return this.lines.at(e ? (e.key ?? e.value)[0] : 0);
  }

  /** The value's source range, when `path` has a node of its own. */
  range(path: string): Range | undefined {
    return this.entries.get(path)?.value;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  private nearest(path: string): Entry | undefined {
    for (let p = path; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const e = this.entries.get(p);
      if (e || p === '') return e;
    }
  }
}

/**
 * A long text as parts whose concatenation is the text. A file of 100,000 rows is written part
 * by part (StagedFile), and each part is encoded alone: in V8 one character outside Latin-1 makes
 * a joined string two bytes per character, so a "—" in a header or one note with curly quotes
 * would otherwise make tens of megabytes of plain rows slower to build and to encode.
 *
 * Rows are made and joined a part at a time, so each row's string is garbage as soon as its part
 * is joined: keeping 100,000 of them alive until the end made the garbage collector copy them
 * all, which cost more than making them.
 */

/** Lines per part: a part of the activity log is a few hundred kilobytes. */
export const LINES_PER_PART = 2_000;

/**
 * `line(0) … line(count - 1)` joined by `separator`, in parts of `size` lines, with the separator
 * between two parts as a part of its own (`part + separator` would be a rope, which encoding
 * would first have to copy flat). `each`, when given, is applied to every part as it is joined,
 * and its result is the part.
 */
export function linesInParts(
  count: number,
  line: (i: number) => string,
  { separator, size = LINES_PER_PART, each }: { separator: string; size?: number; each?: (part: string) => string },
): string[] {
  const parts: string[] = [];
  for (let start = 0; start < count; start += size) {
    const end = Math.min(count, start + size);
    const lines: string[] = new Array(end - start);
    for (let i = start; i < end; i++) lines[i - start] = line(i);
    if (start > 0) parts.push(separator);
    parts.push(each ? each(lines.join(separator)) : lines.join(separator));
  }
  return parts;
}

/** `escape`, remembered per text: on a long table, role titles and names repeat on every row. */
export function escapedOnce(escape: (text: string) => string): (text: string) => string {
  const escaped = new Map<string, string>();
  return (text) => {
    let out = escaped.get(text);
    if (out === undefined) escaped.set(text, (out = escape(text)));
    return out;
  };
}

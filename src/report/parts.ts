/**
 * A long text as parts whose concatenation is the text. A file of 100,000 rows is written part
 * by part (StagedFile), and each part is encoded alone: in V8 one character outside Latin-1 makes
 * a joined string two bytes per character, so a "—" in a header or one note with curly quotes
 * would otherwise make tens of megabytes of plain rows slower to build and to encode.
 */

/** Lines per part: a part of the activity log is a few hundred kilobytes. */
export const LINES_PER_PART = 2_000;

/** `lines.join(separator)`, as parts of `size` lines (the separator between two parts ends the first). */
export function joinInParts(lines: readonly string[], separator: string, size = LINES_PER_PART): string[] {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i += size) {
    const end = Math.min(lines.length, i + size);
    const part = lines.slice(i, end).join(separator);
    parts.push(end < lines.length ? part + separator : part);
  }
  return parts;
}

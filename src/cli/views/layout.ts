/**
 * Fitting text to a terminal: cutting a line to a width, and wrapping details under an indent.
 * Applied to plain text before it is coloured, so escape codes never count as columns.
 */

/** The text, cut to `width` columns with "…" when longer. */
export function fit(text: string, width: number): string {
  if (width <= 1) return text.length > 0 ? '…' : '';
  return text.length > width ? `${text.slice(0, cutBefore(text, width - 1))}…` : text;
}

// One escape as `visible` writes it (src/core/text/visible.ts): `\\`, `\e`, `\x07`, `\u{202e}`.
const ESCAPE = /\\(?:x[0-9a-f]{2}|u\{[0-9a-f]{1,6}\}|.)/g;

/** Where to cut `line` at most `room` characters in: before an escape the cut would split, so each part reads alone. */
function cutBefore(line: string, room: number): number {
  for (const m of line.slice(0, room + 10).matchAll(ESCAPE)) {
    if (m.index >= room) break;
    if (m.index + m[0].length > room) return m.index > 0 ? m.index : room;
  }
  return room;
}

/** Word-wrap `text` to `width` columns, every line starting with `indent`. */
export function indentWrap(text: string, indent: string, width: number): string[] {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(indent + line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
    // A single word longer than the room (a long id or URL) is cut rather than overflowing.
    while (line.length > room) {
      const at = cutBefore(line, room);
      lines.push(indent + line.slice(0, at));
      line = line.slice(at);
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/** Columns: pad each cell to the widest in its column (the last column is not padded). */
export function columns(rows: readonly string[][], gap = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join(gap)
      .trimEnd(),
  );
}

/**
 * Join `segments` with " · " and wrap, breaking between segments where possible (a line never ends
 * with a dangling "·"); a segment longer than a line is word-wrapped on its own.
 */
export function wrapSegments(segments: readonly string[], indent: string, width: number): string[] {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const segment of segments) {
    const joined = line === '' ? segment : `${line} · ${segment}`;
    if (joined.length <= room) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(indent + line);
    if (segment.length <= room) line = segment;
    else {
      const wrapped = indentWrap(segment, indent, width);
      lines.push(...wrapped.slice(0, -1));
      line = wrapped[wrapped.length - 1]!.slice(indent.length);
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

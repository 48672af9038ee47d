/**
 * The self-contained text an incident freezes: the playbook's own text with each template
 * `file: x.md` pair replaced by `text:` holding that file's content. Only those pairs change;
 * every other byte (comments, order, quoting, line endings) stays as the author wrote it, so the
 * frozen copy reads like the original and loading it gives back the same text and digest.
 */
import { Composer, Parser, isMap, isScalar, isSeq, type Document, type Pair } from 'yaml';
import type { PairRange } from './yaml-fast.js';

export function inlineTemplateFiles(
  text: string,
  pairs: (index: number) => PairRange | undefined,
  files: ReadonlyMap<number, { text: string }>,
): string {
  const edits: { start: number; end: number; replacement: string }[] = [];
  for (const [index, { text: content }] of files) {
    const pair = pairs(index);
    if (!pair) throw new Error(`template ${index} has no file: pair`);
    const { start, end } = pair;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const rest = /^[ \t]*(\r?\n|$)/.exec(text.slice(end));
    // A block scalar reads best, but only where it can stand: in a block mapping, with nothing
    // after the value on its line. Anywhere else, a JSON string is valid YAML and exact.
    const inFlow = text.slice(lineStart, start).includes('{');
    const block =
      rest && !inFlow ? blockLiteral(content, start - lineStart + 2, rest[1] === '\r\n' ? '\r\n' : '\n') : undefined;
    edits.push({ start, end, replacement: block ?? `text: ${JSON.stringify(content)}` });
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
  return out;
}

/**
 * `text: |` and the content indented, or undefined when a block scalar would not read back as
 * exactly `content` (checked by parsing it alone: a block scalar means the same at any indent).
 */
function blockLiteral(content: string, indent: number, eol: string): string | undefined {
  if (content === '' || /^[ \t]/.test(content) || /[\r\u0085\u2028\u2029]/.test(content)) return undefined;
  const trailing = /\n*$/.exec(content)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing === 0 ? content : content.slice(0, -trailing);
  const write = (pad: string, nl: string) =>
    `text: |${chomp}${nl}${body
      .split('\n')
      .map((l) => (l === '' ? '' : pad + l))
      .join(nl)}${nl.repeat(Math.max(0, trailing - 1))}`;
  const alone = [...new Composer({ version: '1.2', schema: 'core' }).compose(new Parser().parse(write('  ', '\n')))];
  const doc = alone[0];
  if (alone.length !== 1 || !doc || doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const value = doc.contents.items[0]?.value;
  if (!isScalar(value) || value.value !== content) return undefined;
  return write(' '.repeat(indent), eol);
}

/** Where `templates[index]`'s `file:` pair is written in a parsed document: its key's start, its value's end. */
export function filePairRange(doc: Document.Parsed, index: number): PairRange | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const templates = root.items.find((p) => isScalar(p.key) && p.key.value === 'templates')?.value;
  if (!isSeq(templates)) return undefined;
  const item = templates.items[index];
  if (!isMap(item)) return undefined;
  const pair: Pair | undefined = item.items.find((p) => isScalar(p.key) && p.key.value === 'file');
  if (!pair) return undefined;
  const start = (pair.key as { range: [number, number, number] }).range[0];
  const end = (pair.value as { range: [number, number, number] }).range[1];
  return { start, end };
}

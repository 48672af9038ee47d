/**
 * Template checks for the validator: every `{{placeholder}}` names a fact, and every other `{{`
 * is reported (rendering would leave it as literal text). The syntax itself belongs to
 * src/statements/render.ts; this only places its findings in the playbook or the template file.
 */
import { placeholders, templateProblems } from '../statements/render.js';
import { LineIndex, type Finding, type Locator, type Position, type Range } from './locate.js';
import { didYouMean } from './suggest.js';

export interface TemplateSource {
  text: string;
  /** Inline text: where the scalar is written in the playbook. */
  inline?: { locator: Locator; range: Range | undefined; fallback: Position };
  /** A template file: its display path (positions are its own lines). */
  file?: string;
}

export function templateFindings(source: TemplateSource, facts: ReadonlySet<string>): Finding[] {
  const found: { pos: Position; message: string }[] = [];
  for (const p of placeholders(source.text)) {
    if (facts.has(p.name)) continue;
    found.push({ pos: p, message: `placeholder ${p.raw} names no fact${didYouMean(p.name, facts)}` });
  }
  for (const p of templateProblems(source.text)) found.push({ pos: p, message: p.message });

  if (source.file !== undefined) {
    const file = source.file;
    return found.map((f) => ({ file, line: f.pos.line, col: f.pos.col, message: f.message }));
  }
  const inline = source.inline!;
  const lines = new LineIndex(source.text);
  return found.map((f) => ({ ...placeInline(source.text, lines.offset(f.pos), inline), message: f.message }));
}

/**
 * A placeholder's position in the playbook: the k-th `{{` of the template text is the k-th `{{`
 * of the scalar as written (block, plain and quoted scalars write braces literally). If the
 * source does not show it (an escape sequence), the scalar's start.
 */
function placeInline(template: string, offset: number, inline: NonNullable<TemplateSource['inline']>): Position {
  if (!inline.range) return inline.fallback;
  let k = 0;
  for (let i = template.indexOf('{{'); i !== -1 && i < offset; i = template.indexOf('{{', i + 1)) k++;
  const [start, end] = inline.range;
  const written = inline.locator.text;
  let at = written.indexOf('{{', start);
  for (let n = 0; n < k && at !== -1; n++) at = written.indexOf('{{', at + 1);
  if (at === -1 || at >= end) return inline.fallback;
  return inline.locator.lines.at(at);
}

/**
 * Statement templates: logic-less `{{fact_id}}` placeholders, and nothing else.
 *
 * The whole syntax:
 * - A placeholder is `{{`, optional spaces or tabs, a fact id, optional spaces or tabs, `}}`, on
 *   one line. A fact id is a letter or `_` followed by letters, digits, `_` or `-`.
 * - Nothing else is syntax: no sections (`{{#x}}`), no inverted sections, no partials (`{{> x}}`),
 *   no comments, no escaping and no HTML-escaping. Any other `{{…}}` is literal text, and
 *   `templateProblems` reports it so the playbook author learns it did not do what they meant.
 * - `{{{x}}}` is NOT Mustache's "unescaped" triple: cic never escapes, so there is nothing to turn
 *   off. It is a literal `{`, the placeholder `{{x}}`, and a literal `}`; `templateProblems`
 *   reports it.
 *
 * Fact values are data. The template is scanned once, left to right; substituted text is never
 * scanned again, so a value holding `{{x}}`, `$&`, HTML, ANSI escapes or bidi overrides appears
 * verbatim and expands nothing. Names resolve only through the facts object's own properties:
 * `{{constructor}}` is a missing fact, never `Object.prototype.constructor`.
 */
import type { Fact, FactValue } from '../playbook/model.js';
import { LineIndex } from '../playbook/locate.js';

const PLACEHOLDER = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/g;

export interface Placeholder {
  name: string;
  /** 1-based line in the template. */
  line: number;
  /** 1-based column, in UTF-16 code units (as the `yaml` library counts). */
  col: number;
  /** 0-based offset of the opening `{{` in the template. */
  offset: number;
  /** The placeholder as written, e.g. `{{ officer_count }}`. */
  raw: string;
}

/** Every placeholder in the template, in order (a fact used twice appears twice). */
export function placeholders(template: string): Placeholder[] {
  const lines = new LineIndex(template);
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({
    name: m[1]!,
    ...lines.at(m.index),
    offset: m.index,
    raw: m[0],
  }));
}

export interface TemplateProblem {
  line: number;
  col: number;
  message: string;
}

/**
 * `{{` sequences that are not placeholders: the author probably meant one (a section, a typo, a
 * space inside the name, a triple brace). Rendering leaves them as literal text, so the playbook
 * validator reports them.
 */
export function templateProblems(template: string): TemplateProblem[] {
  const lines = new LineIndex(template);
  const problems: TemplateProblem[] = [];
  // Spans already accounted for: each placeholder, widened by one brace on a side for `{{{x}}}`.
  const spans: [number, number][] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const before = template[m.index - 1] === '{';
    const after = template[m.index + m[0].length] === '}';
    const start = before ? m.index - 1 : m.index;
    spans.push([start, m.index + m[0].length + (after ? 1 : 0)]);
    if (before || after) {
      problems.push({
        ...lines.at(start),
        message: `triple braces are not syntax in cic templates (nothing is ever HTML-escaped): write {{${m[1]}}}`,
      });
    }
  }
  const inSpan = (i: number) => spans.some(([a, b]) => i >= a && i < b);
  for (let i = template.indexOf('{{'); i !== -1; i = template.indexOf('{{', i + 1)) {
    if (inSpan(i)) continue;
    const end = template.indexOf('}}', i + 2);
    const nl = template.indexOf('\n', i);
    const closed = end !== -1 && (nl === -1 || end < nl);
    problems.push({
      ...lines.at(i),
      message: closed
        ? `"${template.slice(i, end + 2)}" is not a placeholder: cic templates only substitute {{fact_id}} (no sections, partials, escaping or spaces inside the name)`
        : '"{{" is not closed by "}}" on the same line; placeholders are {{fact_id}}',
    });
    if (closed) i = end + 1;
  }
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** How a missing fact shows in a draft. `checkDraft` reports each as an error. */
export function missingMarker(name: string): string {
  return `[MISSING: ${name}]`;
}

export type FormatValue = (factId: string, value: FactValue) => string;

/** Numbers and text as they are; booleans as "yes"/"no" (a statement never says "true"). */
export const defaultFormatValue: FormatValue = (_fact, value) =>
  typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);

/**
 * The formatter the command layer passes: `date-time` facts through `formatDateTime` (the playbook
 * zone, for people), everything else as `defaultFormatValue`. Pure; the zone lives in the callback.
 */
export function factFormatter(playbookFacts: readonly Fact[], formatDateTime: (d: Date) => string): FormatValue {
  const dateTimes = new Set(playbookFacts.filter((f) => f.type === 'date-time').map((f) => f.id));
  return (fact, value) => {
    if (dateTimes.has(fact) && typeof value === 'string') {
      const d = new Date(value);
      if (!Number.isNaN(d.getTime())) return formatDateTime(d);
    }
    return defaultFormatValue(fact, value);
  };
}

export interface Rendered {
  text: string;
  /** Fact ids with no value (or an empty one), in order of first use. */
  missing: string[];
  /** The raw values substituted, by fact id (a null-prototype object). */
  used: Record<string, FactValue>;
}

/**
 * Render `template` with `facts`. An empty or whitespace-only text value counts as missing: a blank
 * in a public statement is never what was meant. Missing facts show as `[MISSING: id]`.
 */
export function render(
  template: string,
  facts: Readonly<Record<string, FactValue>>,
  formatValue: FormatValue = defaultFormatValue,
): Rendered {
  const missing: string[] = [];
  const used = Object.create(null) as Record<string, FactValue>;
  let text = '';
  let from = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    text += template.slice(from, m.index);
    from = m.index + m[0].length;
    const value = Object.hasOwn(facts, name) ? facts[name] : undefined;
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (!missing.includes(name)) missing.push(name);
      text += missingMarker(name);
      continue;
    }
    // Define rather than assign, so a fact literally named `__proto__` stays an own property.
    Object.defineProperty(used, name, { value, enumerable: true, writable: true, configurable: true });
    text += formatValue(name, value);
  }
  text += template.slice(from);
  return { text, missing, used };
}

/**
 * The quick way to read a playbook that has no problems: plain data from js-yaml's event
 * parser, without the positions, the pre-scan and the document model of yaml-safe.ts. On the
 * bundled playbook, in a fresh process, this takes about a fifth of the time (docs/design.md#budgets).
 *
 * It answers only for text inside a plain subset of YAML where it gives exactly the data
 * yaml-safe.ts gives, and otherwise `undefined`: the caller then reads the text with
 * yaml-safe.ts, which decides and reports every problem with its file:line:col. So the quick
 * way never refuses a playbook, never explains one, and never accepts one that yaml-safe.ts
 * would refuse:
 * - no tags, anchors, aliases or directives, exactly one document with a mapping at its root;
 * - keys are text (a plain key that YAML reads as a number, true/false or null is left to
 *   yaml-safe.ts, which keeps such keys as written), none twice, no `__proto__`;
 * - plain scalars resolve by the YAML 1.2 core schema, with the same tests and in the same
 *   order as the yaml library's core schema (yaml/dist/schema/core);
 * - both limits of yaml-safe.ts's pre-scan provably hold: a text of at most MAX_TOKENS
 *   characters has at most that many tokens, and with collections nested at most FAST_DEPTH
 *   deep and lines indented at most FAST_INDENT columns, the pre-scan's over-estimated depth
 *   (the open columns left of a line's first token, that token, one per indicator on the line,
 *   one per open bracket) stays within MAX_DEPTH.
 * test/core/playbook/yaml-fast.test.ts compares the two on every playbook in the tests and on
 * thousands of small edits of the bundled one.
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import { MAX_TOKENS } from './yaml-limits.js';

/** Collections nested deeper than this are read the careful way (the bundled playbook nests 7). */
export const FAST_DEPTH = 16;
/** Lines indented further than this are read the careful way (the bundled playbook: 14). */
export const FAST_INDENT = 28;
/** The pre-scan's depth within those two limits (at most MAX_DEPTH; the test checks it). */
export const FAST_SCAN_DEPTH = FAST_INDENT + 1 + (FAST_DEPTH + 1) + FAST_DEPTH;

/** Where a template's `file: NAME` pair is written, key to value, for inlining the file. */
export interface PairRange {
  start: number;
  end: number;
}

export interface FastYaml {
  data: Record<string, unknown>;
  /** The `file:` pair of each template (by index in `templates`) that has one. */
  templateFiles: Map<number, PairRange>;
}

interface Frame {
  kind: 'doc' | 'seq' | 'map';
  value?: unknown[] | Record<string, unknown>;
  /** In a mapping: the key read, waiting for its value. */
  key?: string;
  keyStart?: number;
}

/** The data of a plain playbook text, or undefined when only yaml-safe.ts may decide. */
export function parseFastYaml(text: string): FastYaml | undefined {
  if (text.length > MAX_TOKENS || maxIndent(text) > FAST_INDENT || NOT_PLAIN_TEXT.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: FAST_DEPTH });
  } catch {
    return undefined; // a syntax error, or nested too deep: yaml-safe.ts says where
  }
  try {
    return build(text, events);
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
}

/**
 * Text the two libraries read differently, left to yaml-safe.ts: a directive (even one js-yaml
 * ignores, `%FOO`); a line of nothing but spaces or tabs (in and after a block scalar, js-yaml
 * reads it as an empty line where yaml keeps its spaces or refuses a tab); a lone CR
 * (text-checks.ts refuses it first).
 */
const NOT_PLAIN_TEXT = /^%|^[ \t]+\r?$|\r(?!\n)/m;

class NotPlain extends Error {}
const notPlain = (): never => {
  throw new NotPlain();
};

function build(text: string, events: readonly Event[]): FastYaml {
  const stack: Frame[] = [];
  const templateFiles = new Map<number, PairRange>();
  let documents = 0;
  let root: unknown;

  const add = (value: unknown, scalar?: ScalarEvent): void => {
    const top = stack[stack.length - 1];
    if (!top) return notPlain();
    if (top.kind === 'doc') {
      if (root !== undefined) notPlain();
      root = value;
    } else if (top.kind === 'seq') {
      (top.value as unknown[]).push(value);
    } else if (top.key === undefined) {
      // A key: text, written as text.
      // yaml-safe.ts refuses `__proto__` and merge keys, and an implicit key longer than 1024.
      if (!scalar || typeof value !== 'string' || value === '__proto__' || value === '<<') return notPlain();
      if (scalar.valueEnd - scalar.valueStart > 1000) notPlain();
      const obj = top.value as Record<string, unknown>;
      if (Object.hasOwn(obj, value)) notPlain();
      top.key = value;
      top.keyStart = scalar.style === SCALAR_STYLE.PLAIN ? scalar.valueStart : scalar.valueStart - 1;
    } else {
      (top.value as Record<string, unknown>)[top.key] = value;
      if (top.key === 'file' && scalar && stack.length === 4) noteTemplateFile(text, stack, scalar, templateFiles);
      top.key = undefined;
    }
  };

  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || e.directives.length > 0) notPlain();
        stack.push({ kind: 'doc' });
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        if (e.tagStart !== -1 || e.anchorStart !== -1) notPlain();
        // A collection as a key is not text.
        if (stack[stack.length - 1]?.kind === 'map' && stack[stack.length - 1]!.key === undefined) notPlain();
        stack.push(e.type === EVENT_ID.SEQUENCE ? { kind: 'seq', value: [] } : { kind: 'map', value: {} });
        break;
      case EVENT_ID.SCALAR: {
        if (e.tagStart !== -1 || e.anchorStart !== -1) notPlain();
        const source = getScalarValue(text, e);
        add(e.style === SCALAR_STYLE.PLAIN ? plainValue(source) : source, e);
        break;
      }
      case EVENT_ID.POP: {
        const done = stack.pop();
        if (!done) return notPlain();
        if (done.kind !== 'doc') {
          if (done.kind === 'map' && done.key !== undefined) notPlain();
          add(done.value);
        }
        break;
      }
      default:
        notPlain(); // an alias
    }
  }
  if (documents !== 1 || stack.length > 0 || root === null || typeof root !== 'object' || Array.isArray(root))
    notPlain();
  return { data: root as Record<string, unknown>, templateFiles };
}

/**
 * `templates[i].file` (the stack: document, root mapping, templates list, item): where the pair
 * is written, when key and value are each on one line; a block scalar is left to yaml-safe.ts.
 */
function noteTemplateFile(
  text: string,
  stack: readonly Frame[],
  value: ScalarEvent,
  out: Map<number, PairRange>,
): void {
  const [, root, list, item] = stack;
  if (root?.kind !== 'map' || root.key !== 'templates' || list?.kind !== 'seq' || item?.kind !== 'map') return;
  const quoted = value.style === SCALAR_STYLE.SINGLE_QUOTED || value.style === SCALAR_STYLE.DOUBLE_QUOTED;
  if (!quoted && value.style !== SCALAR_STYLE.PLAIN) notPlain();
  if (value.valueStart === -1) return; // `file:` without a name: the schema refuses it
  const end = quoted ? value.valueEnd + 1 : value.valueEnd;
  const start = item.keyStart!;
  if (text.slice(start, end).includes('\n')) notPlain();
  out.set((list.value as unknown[]).length, { start, end });
}

/** The deepest indentation of any line, in characters (tabs count one, as the pre-scan counts). */
function maxIndent(text: string): number {
  let max = 0;
  for (let start = 0; start < text.length;) {
    let i = start;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    if (i - start > max) max = i - start;
    const nl = text.indexOf('\n', i);
    if (nl === -1) break;
    start = nl + 1;
  }
  return max;
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Only these can start a plain scalar that is not text. */
const MAYBE_NOT_TEXT = /^[-+.0-9~nNtTfF]/;

/** A plain scalar by the YAML 1.2 core schema, as the yaml library resolves it (first test wins). */
export function plainValue(s: string): unknown {
  if (s === '') return null;
  if (!MAYBE_NOT_TEXT.test(s)) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

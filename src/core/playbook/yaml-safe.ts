/**
 * YAML for playbooks: plain data and nothing else, parsed defensively.
 *
 * 1. A cheap check of each token from the yaml library's lexer (a flat tokenizer: no tree, no
 *    recursion) bounds the nesting depth BEFORE the parser sees the token: a document nested
 *    ~12,000 levels deep can abort the whole process with a fatal out-of-memory error that no
 *    try/catch stops (docs/development.md#toolchain-notes). The same check reports every directive (`%YAML 1.1` would
 *    switch on 1.1 scalars and merge keys) and every tag (`!!binary`, `!!set`, `!!js/function`,
 *    `!foo`, even `!!str`).
 * 2. The parser runs with the YAML 1.2 core schema, no merge keys, string keys only, unique keys;
 *    its warnings count as errors. Positions come from our own line index (`prettyErrors` is off:
 *    its error excerpts are what ran out of memory in that experiment).
 * 3. The document is turned into plain data by our own walk, not `toJS()`: aliases are counted
 *    (an alias bomb stops at the 101st dereference, with a position), a `__proto__` key is
 *    refused, every object is built with `defineProperty` so no key can reach
 *    `Object.prototype`, and each value's position is recorded for later messages.
 */
import {
  Composer,
  CST,
  Lexer,
  Parser,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import { Locator, pointer, type Finding, type Range } from './locate.js';
import { MAX_DEPTH, MAX_TOKENS } from './yaml-limits.js';

export { MAX_DEPTH, MAX_TOKENS };

/** Alias dereferences allowed in one document; anchors are for reusing a list, not for bombs. */
export const MAX_ALIASES = 100;
/** Syntax errors read before giving up on the rest of the file. */
export const MAX_SYNTAX_ERRORS = 100;

export interface SafeYaml {
  /** The data, when the text is well-formed YAML within the limits. */
  data?: unknown;
  locator: Locator;
  problems: Finding[];
  /** The parsed document (for inlining template files into the text). */
  doc?: Document.Parsed;
}

export function parseSafeYaml(text: string): SafeYaml {
  const locator = new Locator(text);
  const at = (offset: number, message: string): Finding => ({ ...locator.lines.at(offset), message });

  // One pass of the lexer: each token is checked before the parser sees it, and the parser
  // (iterative, building a flat token tree) is never fed past the depth limit.
  const scan = new Prescan(at);
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let errors = 0;
  lexing: for (const lexeme of new Lexer().lex(text)) {
    if (!scan.next(lexeme)) return { locator, problems: scan.problems };
    for (const t of parser.next(lexeme)) {
      tokens.push(t);
      // Past this many syntax errors the rest is not worth reading: a megabyte of stray
      // brackets is a million errors, each an Error object (a minute and gigabytes).
      if (t.type === 'error' && ++errors >= MAX_SYNTAX_ERRORS) break lexing;
    }
  }
  for (const t of parser.end()) tokens.push(t);

  const composer = new Composer({
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    stringKeys: true,
    strict: true,
    prettyErrors: false,
    resolveKnownTags: false,
    intAsBigInt: false,
  });
  const docs = [...composer.compose(tokens)] as Document.Parsed[];
  const problems = [...scan.problems];
  for (const [i, doc] of docs.entries()) {
    if (i === 1) {
      problems.push(
        at(
          doc.range[0],
          'a playbook is one YAML document; this starts a second one (remove it, or the "---" or "..." before it)',
        ),
      );
    }
    // Tags and directives were reported by the pre-scan, at the tag or directive itself.
    const errors = [...doc.errors, ...doc.warnings].filter(
      (e) => e.code !== 'TAG_RESOLVE_FAILED' && e.code !== 'BAD_DIRECTIVE',
    );
    // After a syntax error the parser recovers as best it can; further errors on the same line
    // are its guesses (a tab-indented key also reported as a duplicate), so one per line.
    const lines = new Set<number>();
    for (const e of errors.sort((a, b) => a.pos[0] - b.pos[0])) {
      const found = at(e.pos[0], yamlMessage(e, text));
      if (lines.has(found.line)) continue;
      lines.add(found.line);
      problems.push(found);
    }
  }
  const doc = docs[0];
  if (!doc || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    problems.push(at(0, 'the file has no content; a playbook is a YAML mapping that starts with "cic: 1"'));
  }
  if (problems.length > 0 || !doc) return { locator, problems };

  const built = toData(doc, locator);
  if (built.problems.length > 0) return { locator, problems: built.problems };
  return { data: built.data, locator, problems: [], doc };
}

/** A key as written: quoted, or plain up to its colon. */
const KEY_TEXT = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s:#,[\]{}][^:#\n]*?)(?=[ \t]*:)/;

/** The yaml library's message, made specific where it helps the author. */
function yamlMessage(e: YAMLError, text: string): string {
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      const key = KEY_TEXT.exec(text.slice(e.pos[0], e.pos[0] + 1100))?.[0];
      const shown = key === undefined ? '' : /^["']/.test(key) ? ` ${key}` : ` "${key}"`;
      return `duplicate key${shown}: a key may appear only once in a mapping`;
    }
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML indents with spaces only';
    case 'NON_STRING_KEY':
      return 'a key must be plain text, not a list or mapping';
    case 'MULTIPLE_DOCS':
      return 'a playbook is one YAML document; remove the second one';
    default: {
      const m = e.message.replace(/ at line \d+, column \d+[\s\S]*$/, '');
      return `${m.charAt(0).toLowerCase()}${m.slice(1)} (YAML syntax)`;
    }
  }
}

/**
 * The check on each lexer token: directives, tags, and depth. Depth is over-estimated on purpose
 * (cheap and safe): every block indicator and every line's first token opens a level at its
 * column, closed by a later line that starts at or left of it; a `key:` opens one for its value;
 * every flow bracket opens a level.
 */
class Prescan {
  readonly problems: Finding[] = [];
  private readonly columns: number[] = []; // open block levels, by column
  /** The open flow brackets, innermost last: where each started and which it is. */
  private readonly brackets: { offset: number; seq: boolean }[] = [];
  private offset = 0;
  private tokens = 0;
  private lineStart = 0;
  private lineHasContent = false;
  private afterBlockHeader = false;

  constructor(private readonly at: (offset: number, message: string) => Finding) {}

  /** False when the depth limit is passed: stop feeding the parser. */
  next(token: string): boolean {
    const type = CST.tokenType(token);
    // The lexer's mode markers are not part of the source text.
    if (type === 'doc-mode' || type === 'scalar' || type === 'flow-error-end') return true;
    const start = this.offset;
    this.offset += token.length;
    if (type !== 'space' && type !== 'comment' && ++this.tokens > MAX_TOKENS) {
      this.problems.push(
        this.at(
          start,
          `the file has more than ${MAX_TOKENS.toLocaleString('en-US')} YAML lines and items (keys, values, brackets, commas) by here; a playbook needs far fewer (this limit protects the parser)`,
        ),
      );
      return false;
    }
    if (type === 'newline') {
      this.lineStart = this.offset;
      this.lineHasContent = false;
      return true;
    }
    if (type === 'space' || type === 'comment') return true;
    if (type === 'directive-line') {
      this.problems.push(
        this.at(
          start,
          `directives such as "${token.trim()}" are not allowed: a playbook is YAML 1.2 without directives; remove this line`,
        ),
      );
    } else if (type === 'tag') {
      this.problems.push(
        this.at(
          start,
          `tags such as "${token}" are not allowed: a playbook is plain data (quote the value if you meant text)`,
        ),
      );
    } else if (type === 'flow-map-start' || type === 'flow-seq-start') {
      this.brackets.push({ offset: start, seq: type === 'flow-seq-start' });
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      // A closing bracket of the other kind does not close anything for the parser, which then
      // nests every later bracket one level deeper, without limit ("[}[}[}…" took minutes and
      // gigabytes): it ends the scan here, with the one message that says what is wrong.
      const open = this.brackets.pop();
      if (open && open.seq !== (type === 'flow-seq-end')) {
        const opened = this.at(open.offset, '');
        this.problems.push(
          this.at(
            start,
            `"${token}" does not close the flow ${open.seq ? 'sequence' : 'mapping'} opened with "${open.seq ? '[' : '{'}" at line ${opened.line}, column ${opened.col}: close it with "${open.seq ? ']' : '}'}"`,
          ),
        );
        return false;
      }
    } else if (this.afterBlockHeader) {
      this.afterBlockHeader = false; // a block scalar's content: text, however it is indented
    } else if (this.brackets.length === 0 && type !== 'doc-start' && type !== 'doc-end' && type !== 'anchor') {
      const col = start - this.lineStart;
      const indicator = type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind';
      if (!this.lineHasContent || indicator) {
        const opens = type === 'map-value-ind' ? col + 1 : col;
        while (this.columns.length > 0 && this.columns[this.columns.length - 1]! >= opens) this.columns.pop();
        this.columns.push(opens);
      }
      if (type === 'block-scalar-header') this.afterBlockHeader = true;
    }
    this.lineHasContent = true;
    const nl = token.lastIndexOf('\n');
    if (nl !== -1) this.lineStart = start + nl + 1;
    if (this.columns.length + this.brackets.length > MAX_DEPTH) {
      this.problems.push(
        this.at(
          start,
          `the data is nested more than ${MAX_DEPTH} levels deep here; a playbook needs far fewer (this limit protects the parser)`,
        ),
      );
      return false;
    }
    return true;
  }
}

class Stop extends Error {}

/** Plain data from the document, recording each value's position. */
function toData(doc: Document.Parsed, locator: Locator): { data?: unknown; problems: Finding[] } {
  const problems: Finding[] = [];
  const at = (range: Range | undefined, message: string) =>
    problems.push({ ...locator.lines.at(range?.[0] ?? 0), message });
  const expanding = new Set<Node>(); // anchored nodes being expanded, to catch an alias inside its own anchor
  const outermost: Range[] = []; // the aliases being expanded, outermost first: a bomb is reported where it is set off
  let aliases = 0;

  const walk = (node: unknown, path: string, depth: number, key?: Range): unknown => {
    if (depth > MAX_DEPTH * 2) {
      at(rangeOf(node), `the data is nested more than ${MAX_DEPTH} levels deep through aliases`);
      throw new Stop();
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      locator.record(path, rangeOf(node)!, key);
      if (++aliases > MAX_ALIASES) {
        at(
          outermost[0] ?? rangeOf(node),
          `more than ${MAX_ALIASES} alias references when expanding this; a playbook needs few (this limit stops "billion laughs" expansion)`,
        );
        throw new Stop();
      }
      const target = node.resolve(doc);
      if (!target) {
        at(rangeOf(node), `alias *${node.source} refers to no anchor: define &${node.source} before it`);
        return null;
      }
      if (expanding.has(target)) {
        at(rangeOf(node), `alias *${node.source} is inside its own anchor &${node.source}, which would never end`);
        throw new Stop();
      }
      expanding.add(target);
      outermost.push(rangeOf(node)!);
      try {
        return walk(target, path, depth + 1);
      } finally {
        expanding.delete(target);
        outermost.pop();
      }
    }
    if (isScalar(node)) {
      // `key:` with nothing after it: point at the key, not at the empty spot after the colon.
      const r = rangeOf(node)!;
      locator.record(path, r[0] === r[1] && key ? key : r, key);
      return node.value;
    }
    if (isMap(node)) {
      locator.record(path, rangeOf(node)!, key);
      const obj: Record<string, unknown> = {};
      for (const pair of node.items) {
        const k = pair.key;
        if (!isScalar(k)) {
          at(rangeOf(k) ?? rangeOf(node), 'a key must be plain text');
          continue;
        }
        const name = String(k.value);
        const kr = rangeOf(k)!;
        if (name === '__proto__') {
          at(kr, 'the key "__proto__" is not allowed (it could change how the data behaves); remove or rename it');
          continue;
        }
        if (name === '<<' && k.type === 'PLAIN') {
          at(kr, 'merge keys (<<) are not supported: write the keys out (an alias of a whole value, *name, is fine)');
          continue;
        }
        const value = walk(pair.value, pointer(path, name), depth + 1, kr);
        Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return obj;
    }
    if (isSeq(node)) {
      locator.record(path, rangeOf(node)!, key);
      return node.items.map((item, i) => walk(item, pointer(path, i), depth + 1));
    }
    at(rangeOf(node), 'unexpected YAML node');
    return null;
  };

  try {
    const data = walk(doc.contents, '', 0);
    return problems.length > 0 ? { problems } : { data, problems };
  } catch (err) {
    if (err instanceof Stop) return { problems };
    throw err;
  }
}

function rangeOf(node: unknown): Range | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

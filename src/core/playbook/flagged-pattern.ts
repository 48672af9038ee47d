/**
 * A playbook's flagged-phrase regular expressions, run with RE2 (re2js, a pure-JavaScript port):
 * matching takes time linear in the text, whatever the pattern. The checks run while the
 * incident's lock is held (docs/safety.md), and a backtracking engine would
 * let one pattern such as `(a+)+$` hold it for hours. RE2 has no backreferences and no
 * lookaround; a pattern that uses them is refused when the playbook is validated.
 */
import { RE2JS } from 're2js';

export type CompiledPattern = { ok: true; re: RE2JS } | { ok: false; problem: string };

/** Case-insensitive, as plain flagged phrases are. */
export function compileFlagged(pattern: string): CompiledPattern {
  try {
    return { ok: true, re: RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE) };
  } catch (err) {
    const said = (err as Error).message.replace(/^error parsing regexp: /, '').replace('`(?i)', '`');
    let javascript = true;
    try {
      new RegExp(pattern, 'u');
    } catch {
      javascript = false;
    }
    return {
      ok: false,
      problem: javascript
        ? `cannot be run in linear time: RE2 syntax has no backreferences, lookahead or lookbehind (${said})`
        : `not a valid regular expression: ${said}`,
    };
  }
}

/** Every non-empty match: where it starts (UTF-16 index into `text`) and its text. */
export function* findAll(re: RE2JS, text: string): Generator<{ index: number; text: string }> {
  const m = re.matcher(text);
  while (m.find()) {
    const found = m.group() ?? '';
    if (found !== '') yield { index: m.start(), text: found };
  }
}

/**
 * Escaping for display must be unambiguous: a note holding the literal text `\e[31m` and one
 * holding a real ESC must print differently, so the backslash is escaped too.
 */
import { describe, expect, test } from '@jest/globals';
import { visible } from '../../../src/core/text/visible.js';

describe('visible', () => {
  test('a literal backslash escape and the real control character print differently', () => {
    expect(visible('\\e[31m')).not.toBe(visible('\x1b[31m'));
    expect(visible('\x1b[31m')).toBe('\\e[31m');
    expect(visible('\\e[31m')).toBe('\\\\e[31m');
    expect(visible('C:\\new\\r')).toBe('C:\\\\new\\\\r');
    expect(visible('a\rb')).toBe('a\\rb');
  });

  test('every pair of different texts stays different (escaping is injective)', () => {
    const pieces = ['\\', 'e', 'r', '\x1b', '\r', 'x', '0', '\0', '\u202e', 'u', '{', '}', 'n', '\n', '\t', 't'];
    const seen = new Map<string, string>();
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const text = a + b + c;
          const shown = visible(text, { singleLine: true });
          expect([text, seen.get(shown) ?? text]).toEqual([text, text]);
          seen.set(shown, text);
        }
  });

  test('control: plain text is unchanged', () => {
    expect(visible('Called the Mayor at 02:14 — left a message.')).toBe('Called the Mayor at 02:14 — left a message.');
  });
});

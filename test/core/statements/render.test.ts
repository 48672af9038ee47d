import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { Fact, FactValue } from '../../../src/core/playbook/model.js';
import { factFormatter, placeholders, render, templateProblems } from '../../../src/core/statements/render.js';

const TEN_KB = 'officers responded. '.repeat(512);

describe('render: fact values are data', () => {
  // Each hostile value must come out exactly as it went in, and expand nothing.
  const hostile: [string, string][] = [
    ['a placeholder', '{{officer_count}}'],
    ['a spaced placeholder', '{{ officer_count }}'],
    ['constructor', '{{constructor}}'],
    ['__proto__ text', '__proto__'],
    ['a prototype placeholder', '{{__proto__}}'],
    ['HTML', '<script>alert("x")</script><b>bold</b> &amp;'],
    ['ANSI escapes', '\x1b[31mRED\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07'],
    ['bidi overrides', 'safe \u202Egnp.exe\u202C and \u2066isolate\u2069'],
    ['NUL and other controls', 'a\0b\rc\bd'],
    ['$& replacement pattern', 'cost $& more'],
    ['$1 and $$ replacement patterns', "$1 $2 $$ $` $' $<name>"],
    ['a triple brace', '{{{x}}}'],
    ['a section', '{{#x}}yes{{/x}}'],
    ['10 kB of text', TEN_KB],
    ['newlines', 'line one\nline two\r\n'],
    ['emoji and astral characters', '👮🏽‍♀️ 𝕏'],
  ];

  test.each(hostile)('%s appears verbatim', (_label, value) => {
    const r = render('Before [{{location}}] after {{officer_count}}.', { location: value, officer_count: 4 });
    expect(r.text).toBe(`Before [${value}] after 4.`);
    expect(r.missing).toEqual([]);
    expect(r.used).toEqual({ location: value, officer_count: 4 });
  });

  test('a substituted value is never scanned again, even when it names another fact', () => {
    const r = render('{{a}} / {{b}}', { a: '{{b}}', b: '{{a}}' });
    expect(r.text).toBe('{{b}} / {{a}}');
  });

  test('the formatter output is data too', () => {
    const r = render('at {{t}}', { t: 'x', other: 'NO' }, () => '{{other}} $&');
    expect(r.text).toBe('at {{other}} $&');
  });

  test('property: any fact text appears verbatim between literal delimiters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 50 }), (value, other) => {
        fc.pre(value.trim() !== '');
        const r = render('«{{v}}»|{{ w }}', { v: value, w: other.trim() === '' ? 'w' : other });
        expect(r.text.startsWith(`«${value}»|`)).toBe(true);
        expect(r.missing).toEqual([]);
      }),
    );
  });

  test('property: full-unicode values survive and nothing else changes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }), (value) => {
        fc.pre(value.trim() !== '');
        expect(render('{{v}}{{v}}', { v: value }).text).toBe(value + value);
      }),
    );
  });
});

describe('render: names resolve through own properties only', () => {
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    '{{%s}} is missing, never an Object.prototype member',
    (name) => {
      const r = render(`x {{${name}}} y`, {});
      expect(r.text).toBe(`x [MISSING: ${name}] y`);
      expect(r.missing).toEqual([name]);
      expect(Object.keys(r.used)).toEqual([]);
    },
  );

  test('a fact that really is named __proto__ (own property, e.g. from JSON) is used and kept as data', () => {
    const facts = JSON.parse('{"__proto__": "a value"}') as Record<string, FactValue>;
    const r = render('{{__proto__}}', facts);
    expect(r.text).toBe('a value');
    expect(Object.hasOwn(r.used, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(r.used)).toBeNull();
  });

  test('a null-prototype facts object works', () => {
    const facts = Object.assign(Object.create(null) as Record<string, FactValue>, { n: 6 });
    expect(render('{{n}} cars', facts).text).toBe('6 cars');
  });
});

describe('render: syntax', () => {
  test.each<[string, Record<string, FactValue>, string, string[]]>([
    ['{{a}}', { a: 'x' }, 'x', []],
    ['{{ a }}', { a: 'x' }, 'x', []],
    ['{{\ta\t}}', { a: 'x' }, 'x', []],
    ['{{a-b_c}}', { 'a-b_c': 'x' }, 'x', []],
    ['{{a}}{{a}}', { a: 'x' }, 'xx', []],
    ['{{#a}}x{{/a}}', { a: 'x' }, '{{#a}}x{{/a}}', []],
    ['{{> partial}}', { partial: 'x' }, '{{> partial}}', []],
    ['{{a b}}', { a: 'x' }, '{{a b}}', []],
    ['{{\na\n}}', { a: 'x' }, '{{\na\n}}', []],
    ['{{{a}}}', { a: 'x' }, '{x}', []],
    ['\\{{a}}', { a: 'x' }, '\\x', []],
    ['{a}', { a: 'x' }, '{a}', []],
    ['{{a}} and {{b}} and {{b}}', { a: 'x' }, 'x and [MISSING: b] and [MISSING: b]', ['b']],
    ['{{a}}', { a: '' }, '[MISSING: a]', ['a']],
    ['{{a}}', { a: '   ' }, '[MISSING: a]', ['a']],
    ['{{a}}', { a: 0 }, '0', []],
    ['{{a}}', { a: false }, 'no', []],
    ['{{a}}', { a: true }, 'yes', []],
  ])('%j with %j renders %j', (template, facts, text, missing) => {
    const r = render(template, facts);
    expect(r.text).toBe(text);
    expect(r.missing).toEqual(missing);
  });

  test('used holds the raw values, not the formatted ones', () => {
    const r = render('{{t}}', { t: '2026-11-26T07:15:00Z' }, () => 'formatted');
    expect(r.text).toBe('formatted');
    expect(r.used).toEqual({ t: '2026-11-26T07:15:00Z' });
  });

  test('factFormatter formats date-time facts for people and leaves text alone', () => {
    const facts: Fact[] = [
      { id: 'occurred', type: 'date-time', prompt: 'when?' },
      { id: 'note', type: 'text', prompt: 'note?' },
    ];
    const fmt = factFormatter(facts, (d) => `[${d.getUTCHours()}h]`);
    const r = render('{{occurred}} {{note}}', { occurred: '2026-11-26T07:15:00Z', note: '2026-11-26T07:15:00Z' }, fmt);
    expect(r.text).toBe('[7h] 2026-11-26T07:15:00Z');
    expect(render('{{occurred}}', { occurred: 'not a time' }, fmt).text).toBe('not a time');
  });
});

describe('placeholders and templateProblems', () => {
  test('positions are 1-based lines and columns', () => {
    const t = 'Hello {{a}}.\n  {{ b }} and {{a}}\n\n{{{c}}}';
    expect(placeholders(t).map(({ name, line, col, raw }) => ({ name, line, col, raw }))).toEqual([
      { name: 'a', line: 1, col: 7, raw: '{{a}}' },
      { name: 'b', line: 2, col: 3, raw: '{{ b }}' },
      { name: 'a', line: 2, col: 15, raw: '{{a}}' },
      { name: 'c', line: 4, col: 2, raw: '{{c}}' },
    ]);
  });

  test('no placeholders in plain text', () => {
    expect(placeholders('no braces {here} or { {there} }')).toEqual([]);
    expect(templateProblems('no braces {here} or { {there} }')).toEqual([]);
  });

  test('clean templates have no problems (negative control)', () => {
    expect(templateProblems('{{a}} {{ b }}\n{{c}}')).toEqual([]);
  });

  test('things that look like syntax but are not are reported where they start', () => {
    const problems = templateProblems('ok {{a}}\n{{#sec}}x{{/sec}} {{{b}}}\n{{ officer count }}\nopen {{ here');
    expect(problems.map((p) => [p.line, p.col])).toEqual([
      [2, 1],
      [2, 10],
      [2, 19],
      [3, 1],
      [4, 6],
    ]);
    expect(problems[2]!.message).toContain('triple braces');
    expect(problems[3]!.message).toContain('{{ officer count }}');
    expect(problems[4]!.message).toContain('not closed');
  });
});

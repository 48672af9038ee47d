import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { canonicalJson, jsonProblem } from '../../../src/core/log/canonical.js';
import { scanCanonicalObject } from '../../../src/core/log/scan.js';

/** Structural equality that tells -0 from 0 (what "carried faithfully" means for numbers). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** What the canonicalize package itself does: the reference the scanner must agree with. */
function isCanonical(text: string): boolean {
  try {
    return canonicalize(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

const objects = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 });

describe('canonical JSON (RFC 8785)', () => {
  test('round-trips every value it accepts, and accepts exactly the JSON values JSON carries faithfully', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const faithful = same(JSON.parse(JSON.stringify(v)), v);
        expect(jsonProblem(v) === undefined).toBe(faithful);
        if (!faithful) return;
        const text = canonicalJson(v);
        expect(same(JSON.parse(text), v)).toBe(true);
        expect(canonicalJson(JSON.parse(text))).toBe(text); // idempotent
      }),
      { numRuns: 2000 },
    );
  });

  test('whatever arbitrary JavaScript value it accepts comes back the same through JSON', () => {
    const anything = fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
      withNullPrototype: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(anything, (v) => {
        if (jsonProblem(v) !== undefined) return;
        expect(same(JSON.parse(canonicalJson(v)), v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  const refused: [string, unknown, RegExp][] = [
    ['NaN', { a: NaN }, /NaN is not a JSON number/],
    ['Infinity', { a: [Infinity] }, /Infinity is not a JSON number/],
    ['-Infinity', -Infinity, /not a JSON number/],
    ['-0', { n: -0 }, /-0 would be written as 0/],
    ['an undefined member', { a: 1, b: undefined }, /undefined \(JSON would drop it\)/],
    ['a hole in an array', [1, , 3], /holes/],
    ['an array with an extra property', Object.assign([1], { x: 2 }), /extra properties/],
    ['a Date', { at: new Date(0) }, /not a plain object/],
    ['a Map', new Map([['a', 1]]), /not a plain object/],
    [
      'a class instance',
      new (class Point {
        x = 1;
      })(),
      /not a plain object/,
    ],
    ['a function', { f: () => 1 }, /function is not a JSON value/],
    ['an object with toJSON', { toJSON: () => 'x' }, /function is not a JSON value/],
    ['a symbol value', { s: Symbol('x') }, /symbol is not a JSON value/],
    ['a symbol key', { [Symbol('k')]: 1 }, /symbol keys/],
    ['a bigint', { n: 10n }, /bigint is not a JSON value/],
    ['a lone high surrogate', { t: 'a\ud800b' }, /lone surrogate/],
    ['a lone low surrogate at the end', 'x\udc00', /lone surrogate/],
    ['a lone surrogate in a key', { ['\udfff']: 1 }, /key has a lone surrogate/],
    ['a getter', Object.defineProperty({}, 'g', { get: () => 1, enumerable: true }), /getter/],
    ['a hidden property', Object.defineProperty({ a: 1 }, 'h', { value: 2, enumerable: false }), /hidden/],
    [
      'a cycle',
      (() => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      })(),
      /nested more than/,
    ],
  ];

  test.each(refused)('refuses %s', (_what, value, message) => {
    expect(jsonProblem(value)).toMatch(message);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  test('accepts well-formed surrogate pairs, control characters, -1e-7 and 1e21', () => {
    const v = { e: '😀', c: '\u0000\u001b\r', n: [-1e-7, 1e21, 0] };
    expect(jsonProblem(v)).toBeUndefined();
    expect(canonicalJson(v)).toBe('{"c":"\\u0000\\u001b\\r","e":"😀","n":[-1e-7,1e+21,0]}');
  });

  test('negative control: without the check, canonicalize silently writes something else', () => {
    // These are the values the checks above refuse; this shows each one is a real hazard.
    expect(canonicalize({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalize(-0)).toBe('0');
    expect(canonicalize({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalize([1, , 3])).toBe('[1,,3]'); // not even JSON
    expect(canonicalize(new Map([['a', 1]]))).toBe('{}');
  });
});

describe('the canonical-form scanner used by cic verify', () => {
  test('accepts the canonical text of any JSON object', () => {
    fc.assert(
      fc.property(objects, (o) => {
        if (jsonProblem(o) !== undefined) return;
        const text = canonicalJson(o);
        expect(scanCanonicalObject(text)).toBeUndefined();
        expect(scanCanonicalObject(text, !/[\u0000-\u001f\\]/.test(text))).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  // Texts that are JSON but often not canonical: other key orders, whitespace, escapes, numbers.
  const variants = objects.chain((o) =>
    fc.record({
      o: fc.constant(o),
      indent: fc.constantFrom(undefined, 0, 1, '\t'),
      reverse: fc.boolean(),
      escape: fc.boolean(),
      extra: fc.constantFrom('', ' ', '\n', '\r'),
    }),
  );

  test('agrees with canonicalize(JSON.parse(text)) === text on JSON texts of every shape', () => {
    fc.assert(
      fc.property(variants, ({ o, indent, reverse, escape, extra }) => {
        const order = (v: unknown): unknown => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return Array.isArray(v) ? v.map(order) : v;
          const keys = Object.keys(v).sort();
          if (reverse) keys.reverse();
          return Object.fromEntries(keys.map((k) => [k, order((v as Record<string, unknown>)[k])]));
        };
        let text = JSON.stringify(order(o), null, indent) + extra;
        if (escape)
          text = text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        expect(scanCanonicalObject(text) === undefined).toBe(isCanonical(text));
      }),
      { numRuns: 3000 },
    );
  });

  test('agrees with canonicalize on mutated canonical texts (one character changed, dropped or added)', () => {
    const alphabet = [
      '"',
      '\\',
      ',',
      ':',
      '{',
      '}',
      '[',
      ']',
      ' ',
      '0',
      '1',
      '-',
      '.',
      'e',
      'E',
      'u',
      'a',
      '\u0000',
      '\u001f',
      '\ud800',
      'é',
      '/',
      'n',
      't',
      'f',
    ];
    const mutation = fc.record({
      o: objects,
      at: fc.nat(),
      op: fc.constantFrom('replace', 'drop', 'insert'),
      ch: fc.constantFrom(...alphabet),
    });
    fc.assert(
      fc.property(mutation, ({ o, at, op, ch }) => {
        if (jsonProblem(o) !== undefined) return;
        const base = canonicalJson(o);
        const k = at % (base.length + 1);
        const text =
          op === 'drop'
            ? base.slice(0, k) + base.slice(k + 1)
            : op === 'insert'
              ? base.slice(0, k) + ch + base.slice(k)
              : base.slice(0, k) + ch + base.slice(k + 1);
        const topLevelObject = isCanonical(text) && text.startsWith('{');
        expect(scanCanonicalObject(text) === undefined).toBe(topLevelObject);
      }),
      { numRuns: 5000 },
    );
  });

  test.each([
    ['whitespace', '{"a": 1}'],
    ['keys out of order', '{"b":1,"a":2}'],
    ['a repeated key', '{"a":1,"a":1}'],
    ['an upper-case escape', '{"a":"\\u001B"}'],
    ['an unnecessary escape', '{"a":"\\u0041"}'],
    ['an escaped slash', '{"a":"\\/"}'],
    ['a non-canonical number', '{"a":1.0}'],
    ['an exponent JavaScript would not write', '{"a":1e2}'],
    ['minus zero', '{"a":-0}'],
    ['a raw control character', '{"a":"\u0001"}'],
    ['a lone surrogate escape', '{"a":"\\ud800"}'],
    ['trailing text', '{"a":1}x'],
    ['an array at the top', '[1]'],
  ])('refuses %s', (_what, text) => {
    expect(isCanonical(text) && text.startsWith('{')).toBe(false);
    expect(scanCanonicalObject(text)).toBeDefined();
  });

  test('negative control: the reference itself accepts what the scanner accepts', () => {
    expect(isCanonical('{"a":[1,"x",{"b":null}],"c":true}')).toBe(true);
    expect(scanCanonicalObject('{"a":[1,"x",{"b":null}],"c":true}')).toBeUndefined();
  });
});

/**
 * The guarded YAML reader: limits that stop hostile input, and ordinary YAML (anchors, deep but
 * sane nesting, every scalar style) that must still work — negative controls for each limit.
 */
import { describe, expect, test } from '@jest/globals';
import { MAX_ALIASES, MAX_DEPTH, parseSafeYaml } from '../../../src/core/playbook/yaml-safe.js';

const nested = (levels: number) =>
  Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' leaf\n';

describe('depth', () => {
  test('30 levels of block mappings are fine', () => {
    const { data, problems } = parseSafeYaml(nested(30));
    expect(problems).toEqual([]);
    let cur = data as Record<string, unknown>;
    for (let i = 0; i < 29; i++) cur = cur[`k${i}`] as Record<string, unknown>;
    expect(cur).toEqual({ k29: 'leaf' });
  });

  test('past the limit: refused before the parser sees it', () => {
    const { problems, data } = parseSafeYaml(nested(MAX_DEPTH + 5));
    expect(data).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(`nested more than ${MAX_DEPTH} levels deep`);
  });

  test('brackets inside quoted and block scalars and comments do not count', () => {
    const text = `a: "${'['.repeat(200)}"\nb: '${'{'.repeat(200)}'\nc: |\n  ${'['.repeat(200)}\n# ${'['.repeat(200)}\nd: [[[1]]]\n`;
    const { data, problems } = parseSafeYaml(text);
    expect(problems).toEqual([]);
    expect((data as Record<string, unknown>).d).toEqual([[[1]]]);
  });
});

describe('aliases', () => {
  test('anchors and aliases of whole values work', () => {
    const { data, problems } = parseSafeYaml('leaders: &l [manager, mayor]\nnotify: *l\n');
    expect(problems).toEqual([]);
    expect(data).toEqual({ leaders: ['manager', 'mayor'], notify: ['manager', 'mayor'] });
  });

  test(`${MAX_ALIASES} alias references are fine; one more is refused`, () => {
    const refs = (n: number) => `a: &a x\nb: [${Array(n).fill('*a').join(', ')}]\n`;
    expect(parseSafeYaml(refs(MAX_ALIASES)).problems).toEqual([]);
    expect(parseSafeYaml(refs(MAX_ALIASES + 1)).problems[0]!.message).toContain(
      `more than ${MAX_ALIASES} alias references`,
    );
  });
});

describe('YAML 1.2 core scalars only', () => {
  test('1.1 words and octals stay what 1.2 says', () => {
    const { data } = parseSafeYaml('a: no\nb: yes\nc: 0777\nd: 0o17\ne: ~\nf: 2026-07-03\ng: 1_000\n');
    expect(data).toEqual({ a: 'no', b: 'yes', c: 777, d: 15, e: null, f: '2026-07-03', g: '1_000' });
  });

  test('keys are strings', () => {
    expect(parseSafeYaml('1: a\ntrue: b\nnull: c\n').data).toEqual({ 1: 'a', true: 'b', null: 'c' });
  });
});

describe('prototype pollution', () => {
  test('__proto__ is refused; constructor and prototype are plain own data', () => {
    expect(parseSafeYaml('__proto__: {polluted: 1}\n').problems[0]!.message).toContain('"__proto__" is not allowed');
    expect(parseSafeYaml('"__proto__": {polluted: 1}\n').problems[0]!.message).toContain('"__proto__" is not allowed');
    const { data } = parseSafeYaml('constructor: {prototype: {polluted: 1}}\nhasOwnProperty: x\n');
    const obj = data as Record<string, unknown>;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.hasOwn(obj, 'constructor')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof {}.hasOwnProperty).toBe('function');
  });
});

describe('positions', () => {
  test('each value and key is located, 1-based', () => {
    const { locator } = parseSafeYaml('a:\n  - x\n  - {b: 1}\n');
    expect(locator.value('/a/1/b')).toEqual({ line: 3, col: 9 });
    expect(locator.key('/a/1/b')).toEqual({ line: 3, col: 6 });
    expect(locator.key('/a/0')).toEqual({ line: 2, col: 5 });
    expect(locator.value('/a/9/zzz')).toEqual({ line: 2, col: 3 }); // nearest recorded ancestor
  });
});

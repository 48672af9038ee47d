/**
 * The "can never match" analysis: table tests for what it reports and where, and a property test
 * that checks it against the real evaluator (conditions.ts) by trying every assignment of a small
 * world: it reports a condition exactly when no assignment makes it hold.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { evaluate } from '../../../src/core/playbook/conditions.js';
import type { Condition, Fact, FactValue } from '../../../src/core/playbook/model.js';
import { neverMatching, unsatisfiable, type ConditionDomain } from '../../../src/core/playbook/satisfiable.js';

const facts: Fact[] = [
  { id: 'b', type: 'boolean', prompt: 'b?' },
  { id: 'c', type: 'choice', prompt: 'c?', choices: ['x', 'y', 'z'] },
  { id: 't', type: 'text', prompt: 't?' },
  { id: 'n', type: 'number', prompt: 'n?' },
];
const domain: ConditionDomain = { facts: new Map(facts.map((f) => [f.id, f])), tiers: ['t1', 't2'] };

describe('unsatisfiable: table', () => {
  const never: [string, Condition, string][] = [
    [
      'two values of one fact',
      {
        all: [
          { fact: 'c', equals: 'x' },
          { fact: 'c', equals: 'y' },
        ],
      },
      'c would have to be "x", and also "y"',
    ],
    [
      'not recorded and a value',
      {
        all: [
          { fact: 'c', set: false },
          { fact: 'c', in: ['x', 'y'] },
        ],
      },
      'c would have to be not recorded, and also one of "x", "y"',
    ],
    ['an empty any', { any: [] }, 'an empty "any" never holds'],
    ['not of an empty all', { not: { all: [] } }, '"not" of an empty "all" never holds'],
    ['a value outside the choices', { fact: 'c', equals: 'w' }, 'c can never be "w" (its choices: x, y, z)'],
    [
      'a boolean neither true nor false',
      { all: [{ fact: 'b', set: true }, { not: { fact: 'b', in: [true, false] } }] },
      'b would have to be recorded, and also none of true, false',
    ],
    ['text compared with a number', { fact: 't', equals: 3 }, 't can never be 3 (it is text)'],
    [
      'a tier and another tier',
      { all: [{ tier: ['t1'] }, { tier: ['t2'] }] },
      'the tier would have to be "t1", and also "t2"',
    ],
    ['a tier that does not exist', { tier: ['t9'] }, 'the tier can never be "t9"'],
    [
      'every choice excluded',
      { all: [{ fact: 'c', set: true }, { not: { fact: 'c', in: ['x', 'y', 'z'] } }] },
      'c would have to be recorded, and also none of "x", "y", "z"',
    ],
  ];
  test.each(never)('%s', (_, cond, reason) => {
    expect(unsatisfiable(cond, domain)).toBe(reason);
  });

  // Negative controls: each of these can hold.
  const can: [string, Condition][] = [
    ['one value', { fact: 'c', equals: 'x' }],
    ['an empty all', { all: [] }],
    [
      'either value',
      {
        any: [
          { fact: 'c', equals: 'x' },
          { fact: 'c', equals: 'y' },
        ],
      },
    ],
    ['not recorded', { fact: 'b', set: false }],
    [
      'text other than two values',
      { all: [{ not: { fact: 't', equals: 'p' } }, { not: { fact: 't', equals: 'q' } }, { fact: 't', set: true }] },
    ],
    [
      'two different facts',
      {
        all: [
          { fact: 'c', equals: 'x' },
          { fact: 'b', equals: true },
        ],
      },
    ],
    [
      'a not of something impossible',
      {
        not: {
          all: [
            { fact: 'c', equals: 'x' },
            { fact: 'c', equals: 'y' },
          ],
        },
      },
    ],
    ['an unknown fact (reported elsewhere)', { fact: 'nope', equals: 1 }],
  ];
  test.each(can)('can hold: %s', (_, cond) => {
    expect(unsatisfiable(cond, domain)).toBeUndefined();
  });
});

describe('neverMatching: where', () => {
  test('the whole condition when it never holds; not its parts as well', () => {
    const cond: Condition = {
      all: [
        { fact: 'c', equals: 'x' },
        { fact: 'c', equals: 'y' },
      ],
    };
    expect(neverMatching(cond, domain)).toEqual([{ path: '', reason: 'c would have to be "x", and also "y"' }]);
  });

  test('a dead branch inside a condition that can hold', () => {
    const cond: Condition = {
      any: [
        { fact: 'b', equals: true },
        {
          not: {
            any: [
              { fact: 'b', set: true },
              { fact: 'b', set: false },
            ],
          },
        },
      ],
    };
    expect(neverMatching(cond, domain)).toEqual([
      { path: '/any/1', reason: 'b would have to be not recorded, and also recorded' },
    ]);
  });

  test("an extra condition (the action's tiers) joins the whole", () => {
    expect(neverMatching({ tier: ['t2'] }, domain, { tier: ['t1'] })).toEqual([
      { path: '', reason: 'the tier would have to be "t2", and also "t1"' },
    ]);
    expect(neverMatching({ tier: ['t1', 't2'] }, domain, { tier: ['t1'] })).toEqual([]);
  });
});

// ── The property: the analysis agrees with evaluation over every assignment ─────────────────
const VALUES: Record<string, (FactValue | undefined)[]> = {
  b: [undefined, true, false],
  c: [undefined, 'x', 'y', 'z'],
  t: [undefined, 'p', 'q', 'something else'],
  n: [undefined, 1, 2, 99],
};
const TIERS = [undefined, 't1', 't2'];

function holdsSomewhere(cond: Condition): boolean {
  const ids = Object.keys(VALUES);
  const assign = (i: number, facts: Record<string, FactValue>): boolean => {
    if (i === ids.length) return TIERS.some((tier) => evaluate(cond, { facts, tier }));
    return VALUES[ids[i]!]!.some((v) => assign(i + 1, v === undefined ? facts : { ...facts, [ids[i]!]: v }));
  };
  return assign(0, {});
}

const atom: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ fact: fc.constant('b'), equals: fc.boolean() }),
  fc.record({ fact: fc.constantFrom('b', 'c', 't', 'n'), set: fc.boolean() }),
  fc.record({ fact: fc.constant('c'), equals: fc.constantFrom('x', 'y', 'z', 'w') }),
  fc.record({ fact: fc.constant('c'), in: fc.subarray(['x', 'y', 'z', 'w']) }),
  fc.record({ fact: fc.constant('t'), equals: fc.constantFrom<FactValue>('p', 'q', 1) }),
  fc.record({ fact: fc.constant('n'), in: fc.subarray<FactValue>([1, 2, '1']) }),
  fc.record({ tier: fc.subarray(['t1', 't2'], { minLength: 1 }) }),
);
const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.record({ all: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ),
}));

describe('unsatisfiable agrees with evaluate', () => {
  test('reported exactly when no assignment makes the condition hold', () => {
    fc.assert(
      fc.property(condition, (cond) => {
        expect(unsatisfiable(cond, domain) !== undefined).toBe(!holdsSomewhere(cond));
      }),
      { numRuns: 1500 },
    );
  });
});

import { describe, expect, test } from '@jest/globals';
import { evaluate, explain, type FactMap } from '../../../src/core/playbook/conditions.js';
import type { Condition } from '../../../src/core/playbook/model.js';
import { oneLine } from '../../../src/core/text/visible.js';

const facts: FactMap = {
  weapon_discharged: true,
  injury: 'fatal',
  media_inquiries: 3,
  location: 'Main St',
  bias_complaint: false,
};

describe('evaluate', () => {
  test.each<[string, Condition, string | undefined, boolean]>([
    ['set: true, recorded', { fact: 'injury', set: true }, undefined, true],
    ['set: true, false is still a value', { fact: 'bias_complaint', set: true }, undefined, true],
    ['set: true, not recorded', { fact: 'video_circulating', set: true }, undefined, false],
    ['set: false, not recorded', { fact: 'video_circulating', set: false }, undefined, true],
    ['set: false, recorded', { fact: 'injury', set: false }, undefined, false],
    ['equals boolean', { fact: 'weapon_discharged', equals: true }, undefined, true],
    ['equals boolean false', { fact: 'bias_complaint', equals: false }, undefined, true],
    ['equals other boolean', { fact: 'weapon_discharged', equals: false }, undefined, false],
    ['equals string', { fact: 'injury', equals: 'fatal' }, undefined, true],
    ['equals is case-sensitive', { fact: 'injury', equals: 'Fatal' }, undefined, false],
    ['equals number', { fact: 'media_inquiries', equals: 3 }, undefined, true],
    ['equals never crosses types ("3" vs 3)', { fact: 'media_inquiries', equals: '3' }, undefined, false],
    ['equals never crosses types (true vs "true")', { fact: 'weapon_discharged', equals: 'true' }, undefined, false],
    ['equals on an unrecorded fact', { fact: 'video_circulating', equals: false }, undefined, false],
    ['in, member', { fact: 'injury', in: ['serious', 'fatal'] }, undefined, true],
    ['in, not a member', { fact: 'injury', in: ['none', 'minor'] }, undefined, false],
    ['in, numbers', { fact: 'media_inquiries', in: [1, 2, 3] }, undefined, true],
    ['in, same text other type', { fact: 'media_inquiries', in: ['3'] }, undefined, false],
    ['in, empty list', { fact: 'injury', in: [] }, undefined, false],
    ['a fact named like an Object property is just unrecorded', { fact: 'constructor', set: true }, undefined, false],
    [
      'all, every one holds',
      {
        all: [
          { fact: 'weapon_discharged', equals: true },
          { fact: 'injury', equals: 'fatal' },
        ],
      },
      undefined,
      true,
    ],
    [
      'all, one fails',
      {
        all: [
          { fact: 'weapon_discharged', equals: true },
          { fact: 'injury', equals: 'minor' },
        ],
      },
      undefined,
      false,
    ],
    ['all, empty', { all: [] }, undefined, true],
    [
      'any, one holds',
      {
        any: [
          { fact: 'injury', equals: 'minor' },
          { fact: 'weapon_discharged', equals: true },
        ],
      },
      undefined,
      true,
    ],
    [
      'any, none holds',
      {
        any: [
          { fact: 'injury', equals: 'minor' },
          { fact: 'bias_complaint', equals: true },
        ],
      },
      undefined,
      false,
    ],
    ['any, empty', { any: [] }, undefined, false],
    ['not', { not: { fact: 'injury', equals: 'minor' } }, undefined, true],
    ['not not', { not: { not: { fact: 'injury', equals: 'minor' } } }, undefined, false],
    ['tier, in list', { tier: ['tier1', 'tier2'] }, 'tier2', true],
    ['tier, not in list', { tier: ['tier1'] }, 'tier2', false],
    ['tier, none set', { tier: ['tier1'] }, undefined, false],
    [
      'nested: all(any(..), not(tier))',
      {
        all: [
          {
            any: [
              { fact: 'injury', equals: 'minor' },
              { fact: 'media_inquiries', in: [3] },
            ],
          },
          { not: { tier: ['tier3'] } },
        ],
      },
      'tier1',
      true,
    ],
    [
      'nested: same with the excluded tier',
      {
        all: [
          {
            any: [
              { fact: 'injury', equals: 'minor' },
              { fact: 'media_inquiries', in: [3] },
            ],
          },
          { not: { tier: ['tier3'] } },
        ],
      },
      'tier3',
      false,
    ],
  ])('%s', (_name, cond, tier, expected) => {
    expect(evaluate(cond, { facts, tier })).toBe(expected);
  });
});

describe('explain', () => {
  test.each<[string, Condition, string | undefined, string]>([
    ['equals', { fact: 'weapon_discharged', equals: true }, undefined, 'weapon_discharged is true'],
    ['equals, failing', { fact: 'injury', equals: 'minor' }, undefined, 'injury is fatal, not minor'],
    ['in', { fact: 'injury', in: ['serious', 'fatal'] }, undefined, 'injury is fatal (one of serious, fatal)'],
    ['in, failing', { fact: 'injury', in: ['none', 'minor'] }, undefined, 'injury is fatal, not one of none, minor'],
    ['unrecorded', { fact: 'video_circulating', equals: true }, undefined, 'video_circulating is not recorded'],
    ['set', { fact: 'media_inquiries', set: true }, undefined, 'media_inquiries is recorded (3)'],
    ['set: false', { fact: 'video_circulating', set: false }, undefined, 'video_circulating is not recorded'],
    ['tier', { tier: ['tier1'] }, 'tier1', 'tier is tier1'],
    ['tier list', { tier: ['tier1', 'tier2'] }, 'tier2', 'tier is tier2 (one of tier1, tier2)'],
    ['tier, failing', { tier: ['tier1'] }, 'tier3', 'tier is tier3, not tier1'],
    ['tier, none yet', { tier: ['tier1'] }, undefined, 'no tier is set yet'],
    ['not', { not: { fact: 'injury', equals: 'minor' } }, undefined, 'injury is fatal, not minor'],
    [
      'any lists only the parts that hold',
      {
        any: [
          { fact: 'bias_complaint', equals: true },
          { fact: 'injury', in: ['serious', 'fatal'] },
        ],
      },
      undefined,
      'any of: injury is fatal (one of serious, fatal)',
    ],
    [
      'all lists every part',
      {
        all: [
          { fact: 'weapon_discharged', equals: true },
          { fact: 'media_inquiries', set: true },
        ],
      },
      undefined,
      'all of: weapon_discharged is true; media_inquiries is recorded (3)',
    ],
    [
      'a failing all names only the failing parts',
      {
        all: [
          { fact: 'weapon_discharged', equals: true },
          { fact: 'injury', equals: 'minor' },
        ],
      },
      undefined,
      'injury is fatal, not minor',
    ],
    [
      'a failing any says none of',
      {
        any: [
          { fact: 'injury', equals: 'minor' },
          { fact: 'bias_complaint', equals: true },
        ],
      },
      undefined,
      'none of: injury is fatal, not minor; bias_complaint is false, not true',
    ],
    [
      'not any reads as none of',
      {
        not: {
          any: [
            { fact: 'injury', equals: 'minor' },
            { fact: 'video_circulating', set: true },
          ],
        },
      },
      undefined,
      'none of: injury is fatal, not minor; video_circulating is not recorded',
    ],
    [
      'nested groups are parenthesised',
      {
        all: [
          {
            any: [
              { fact: 'injury', equals: 'fatal' },
              { fact: 'weapon_discharged', equals: true },
            ],
          },
          { not: { tier: ['tier3'] } },
        ],
      },
      'tier1',
      'all of: (any of: injury is fatal; weapon_discharged is true); tier is tier1, not tier3',
    ],
  ])('%s', (_name, cond, tier, expected) => {
    expect(explain(cond, { facts, tier })).toBe(expected);
  });

  test('values from people are put in as written: the words are kept in the log, and escaped once where shown', () => {
    const cond: Condition = { fact: 'location', set: true };
    const words = explain(cond, { facts: { location: 'Main St\rAPPROVED' } });
    expect(words).toBe('location is recorded (Main St\rAPPROVED)');
    expect(oneLine(words)).toBe('location is recorded (Main St\\rAPPROVED)');
  });
});

import { describe, expect, test } from '@jest/globals';
import { parseFactValue } from '../../../src/core/playbook/conditions.js';
import type { FactValue } from '../../../src/core/playbook/model.js';
import { fact } from './fixture.js';
import { caught } from '../../helpers/caught.js';

describe('parseFactValue accepts', () => {
  test.each<[string, string, FactValue, string | undefined]>([
    ['media_inquiries', '3', 3, undefined],
    ['media_inquiries', ' 2.5 ', 2.5, undefined],
    ['media_inquiries', '-4', -4, undefined],
    ['media_inquiries', '0', 0, undefined],
    ['media_inquiries', '1e3', 1000, undefined],
    ['weapon_discharged', 'true', true, undefined],
    ['weapon_discharged', 'YES', true, undefined],
    ['weapon_discharged', 'no', false, undefined],
    ['weapon_discharged', 'False', false, undefined],
    ['occurred_at', '2026-11-26T14:05:00-06:00', '2026-11-26T20:05:00.000Z', undefined],
    ['occurred_at', '2026-11-26T20:05Z', '2026-11-26T20:05:00.000Z', undefined],
    ['occurred_at', '2026-11-26 14:05', '2026-11-26T20:05:00.000Z', 'America/Chicago'],
    ['occurred_at', '2026-07-04 14:05', '2026-07-04T19:05:00.000Z', 'America/Chicago'],
    ['injury', 'serious', 'serious', undefined],
    ['injury', 'Fatal', 'fatal', undefined], // stored as the playbook writes it
    ['injury', ' minor ', 'minor', undefined],
    ['location', '  Main St & 5th  ', '  Main St & 5th  ', undefined], // text is verbatim
    ['location', 'yes', 'yes', undefined],
  ])('%s = %j', (id, text, expected, zone) => {
    expect(parseFactValue(fact(id), text, zone)).toBe(expected);
  });
});

describe('parseFactValue refuses', () => {
  test.each<[string, string, string | undefined, string]>([
    ['media_inquiries', 'three', undefined, 'Fact media_inquiries expects a number (like 3 or 2.5), not "three".'],
    ['media_inquiries', '', undefined, 'Fact media_inquiries expects a number (like 3 or 2.5), not "".'],
    [
      'media_inquiries',
      '3 reporters',
      undefined,
      'Fact media_inquiries expects a number (like 3 or 2.5), not "3 reporters".',
    ],
    ['media_inquiries', '0x10', undefined, 'Fact media_inquiries expects a number (like 3 or 2.5), not "0x10".'],
    [
      'media_inquiries',
      'Infinity',
      undefined,
      'Fact media_inquiries expects a number (like 3 or 2.5), not "Infinity".',
    ],
    ['media_inquiries', '1e999', undefined, 'Fact media_inquiries expects a number (like 3 or 2.5), not "1e999".'],
    ['weapon_discharged', 'maybe', undefined, 'Fact weapon_discharged expects yes or no (or true/false), not "maybe".'],
    ['weapon_discharged', '1', undefined, 'Fact weapon_discharged expects yes or no (or true/false), not "1".'],
    ['injury', 'critical', undefined, 'Fact injury expects one of: none, minor, serious, fatal, not "critical".'],
    ['location', '   ', undefined, 'Fact location expects some text, not "   ".'],
    [
      'occurred_at',
      '2026-11-26 14:05',
      undefined,
      'Fact occurred_at expects an RFC 3339 time with an offset, not "2026-11-26 14:05".',
    ],
    ['occurred_at', 'yesterday', 'America/Chicago', 'Fact occurred_at "yesterday" is not a time cic understands.'],
    [
      'occurred_at',
      '2026-03-08 02:30',
      'America/Chicago',
      'Fact occurred_at "2026-03-08 02:30" does not exist in America/Chicago: the clocks skip that hour.',
    ],
  ])('%s = %j', (id, text, zone, message) => {
    const e = caught(() => parseFactValue(fact(id), text, zone));
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(2);
  });

  test('the hint says how to give the fact', () => {
    expect(caught(() => parseFactValue(fact('injury'), 'critical')).hint).toBe('Give it as --fact injury=VALUE.');
  });

  test('control characters in the input are escaped in the message', () => {
    expect(caught(() => parseFactValue(fact('injury'), 'fatal\x1b[2K')).message).toBe(
      'Fact injury expects one of: none, minor, serious, fatal, not "fatal\\e[2K".',
    );
  });

  test('an ambiguous case-folded choice is refused', () => {
    const f = { id: 'unit', type: 'choice' as const, prompt: '?', choices: ['A', 'a', 'B'] };
    expect(parseFactValue(f, 'a')).toBe('a');
    expect(() => parseFactValue(f, 'b')).not.toThrow();
    expect(() => parseFactValue({ ...f, choices: ['Ab', 'aB'] }, 'ab')).toThrow('expects one of: Ab, aB, not "ab"');
  });
});

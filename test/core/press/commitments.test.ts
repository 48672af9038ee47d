/**
 * Commitments made in public (kept, kept late, broken, overdue) and the governing body's packets
 * and acknowledgements, through the decider and the fold.
 */
import { describe, expect, test } from '@jest/globals';
import { PermissionError } from '../../../src/core/errors.js';
import { actor } from '../incident/fixtures.js';
import { commitmentItems } from '../../../src/core/press/commitments.js';
import { acknowledgementsOf } from '../../../src/core/press/state.js';
import { chief, mayor, pio } from '../incident/fixtures.js';
import { at, opened, press } from './fixtures.js';

const promise = (text: string, minutes: number) =>
  ({
    kind: 'commit',
    text,
    due: at(minutes),
    owner: 'police-chief',
    said_by: 'mayor',
    press: 'press-conference',
  }) as const;

describe('commitments', () => {
  test('numbered from 1; kept on time, kept late, broken, overdue', () => {
    let s = opened();
    s = press(s, 10, pio, promise('release the video', 600));
    s = press(s, 10, pio, promise('meet the family', 120));
    s = press(s, 10, pio, promise('publish the policy', 300));
    s = press(s, 10, pio, promise('hold a town hall', 200));
    s = press(s, 100, chief, { kind: 'keep', commitment: 2 });
    s = press(s, 400, chief, { kind: 'keep', commitment: 3, note: 'posted' });
    s = press(s, 150, mayor, { kind: 'break', commitment: 1, reason: 'The prosecutor asked to wait' });
    const states = commitmentItems(s, at(500)).map((i) => [i.commitment.number, i.state]);
    expect(states).toEqual([
      [1, 'broken'],
      [2, 'kept'],
      [3, 'late'],
      [4, 'overdue'],
    ]);
    // Before its time, an open one is still to keep.
    expect(commitmentItems(s, at(150))[3]!.state).toBe('upcoming');
  });

  test('refusals: a time passed, an unknown role, twice, a role that neither owns nor said it', () => {
    const s = press(opened(), 10, pio, promise('release the video', 600));
    expect(() => press(s, 10, pio, promise('late already', 5))).toThrow(/already passed/);
    expect(() => press(s, 10, pio, { ...promise('x', 60), owner: 'nobody' })).toThrow(/--owner "nobody"/);
    expect(() => press(s, 10, pio, { ...promise('x', 60), press: 'notify-mayor' })).toThrow(
      /^--press "notify-mayor" is not a press conference/,
    );
    expect(() => press(s, 20, pio, { kind: 'keep', commitment: 1 })).toThrow(PermissionError);
    expect(() => press(s, 20, chief, { kind: 'keep', commitment: 9 })).toThrow(/no commitment 9/);
    const kept = press(s, 20, chief, { kind: 'keep', commitment: 1 });
    expect(() => press(kept, 30, chief, { kind: 'break', commitment: 1, reason: 'x' })).toThrow(/already recorded/);
    expect(() => press(s, 20, chief, { kind: 'break', commitment: 1, reason: ' ' })).toThrow(/reason/);
  });
});

describe('briefing packets and acknowledgements', () => {
  const reyes = actor('board', 'Ald. Reyes');
  const chen = actor('board', 'Ald. Chen');
  test('packets are numbered; each member acknowledges once, with the time', () => {
    let s = opened();
    expect(() => press(s, 10, reyes, { kind: 'acknowledge' })).toThrow(/No briefing packet/);
    const brief = {
      kind: 'brief',
      body: 'board',
      to: ['Ald. Reyes', 'Ald. Chen'],
      as_of: at(60),
      through_seq: 3,
      sha256: 'b'.repeat(64),
    } as const;
    s = press(s, 60, actor('city-manager', 'Manager Lee'), brief);
    s = press(s, 75, reyes, { kind: 'acknowledge' });
    expect(() => press(s, 80, reyes, { kind: 'acknowledge', packet: 1 })).toThrow(/already acknowledged/);
    s = press(s, 120, actor('city-manager', 'Manager Lee'), { ...brief, since: 1, through_seq: 8 });
    s = press(s, 130, chen, { kind: 'acknowledge', packet: 1 });
    expect(s.press.packets.map((p) => [p.number, p.since])).toEqual([
      [1, undefined],
      [2, 1],
    ]);
    expect(acknowledgementsOf(s.press, 1).map((a) => [a.by.name, a.at])).toEqual([
      ['Ald. Reyes', at(75).toISOString()],
      ['Ald. Chen', at(130).toISOString()],
    ]);
    expect(acknowledgementsOf(s.press, 2)).toEqual([]);
    expect(() => press(s, 140, chen, { kind: 'acknowledge', packet: 7 })).toThrow(/no briefing packet 7/);
    expect(() => press(s, 140, actor('city-manager', 'Manager Lee'), { ...brief, to: [' '] })).toThrow(/to whom/);
  });

  test('only the owner of a briefing action (or who acts for them) sends a packet, and only to the governing body', () => {
    const brief = {
      kind: 'brief',
      body: 'board',
      to: ['Ald. Reyes'],
      as_of: at(60),
      through_seq: 3,
      sha256: 'b'.repeat(64),
    } as const;
    const s = opened();
    // Negative control: the City Manager owns "Brief the Board of Aldermen".
    expect(press(s, 60, actor('city-manager', 'Manager Lee'), brief).press.packets).toHaveLength(1);
    for (const who of [pio, chief, mayor, reyes]) {
      expect(() => press(s, 60, who, brief)).toThrow(PermissionError);
      expect(() => press(s, 60, who, brief)).toThrow(/may not send the Board of Aldermen a briefing packet/);
    }
    const refusal = (() => {
      try {
        press(s, 60, pio, brief);
      } catch (err) {
        return err as PermissionError;
      }
    })();
    expect(refusal?.hint).toMatch(/City Manager/);
    expect(() => press(s, 60, actor('city-manager', 'Manager Lee'), { ...brief, body: 'mayor' })).toThrow(
      /not the governing body/,
    );
  });

  test('only a member of the governing body acknowledges a packet', () => {
    const s = press(opened(), 60, actor('city-manager', 'Manager Lee'), {
      kind: 'brief',
      body: 'board',
      to: ['Ald. Reyes'],
      as_of: at(60),
      through_seq: 3,
      sha256: 'b'.repeat(64),
    });
    expect(() => press(s, 70, pio, { kind: 'acknowledge' })).toThrow(PermissionError);
    expect(press(s, 70, reyes, { kind: 'acknowledge' }).press.acknowledgements).toHaveLength(1);
  });
});

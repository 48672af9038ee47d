/**
 * The pure pieces the incident views share: ISO durations for machines, times for the board, and
 * fitting text to a terminal.
 */
import { describe, expect, test } from '@jest/globals';
import { clockTime, isoClockDuration, itemRef, itemTitle } from '../../../src/cli/views/labels.js';
import { columns, fit, indentWrap, wrapSegments } from '../../../src/cli/views/layout.js';
import { oneLine, readVisible } from '../../../src/core/text/visible.js';
import { renderStatus } from '../../../src/cli/views/status-view.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import { playbook } from '../../core/incident/fixtures.js';
import { ev, opened, stateOf, type Draft } from '../../core/incident/spec.js';

const ZONE = 'America/Chicago';

describe('isoClockDuration', () => {
  test.each([
    [0, 'PT0S'],
    [999, 'PT0S'],
    [12 * 60_000, 'PT12M'],
    [12 * 60_000 + 30_000, 'PT12M30S'],
    [26 * 3_600_000 + 5 * 60_000, 'PT26H5M'],
    [3_600_000, 'PT1H'],
    [-90_000, 'PT1M30S'],
  ])('%d ms → %s (hours, never calendar days)', (ms, iso) => {
    expect(isoClockDuration(ms)).toBe(iso);
  });
});

describe('clockTime', () => {
  const today = new Date('2026-11-26T08:00:00Z');
  test.each([
    ['2026-11-26T20:05:00Z', '14:05 CST'],
    ['2026-11-27T20:05:00Z', 'Fri 27 Nov 14:05 CST'],
    ['2027-01-10T08:00:00Z', 'Sun 10 Jan 2027 02:00 CST'],
    ['2026-07-04T17:00:00Z', 'Sat 04 Jul 12:00 CDT'],
  ])('%s → %s', (iso, text) => {
    expect(clockTime(new Date(iso), ZONE, today)).toBe(text);
  });

  test('the day is the zone’s, not UTC’s: 23:30 CST is still Thursday', () => {
    expect(clockTime(new Date('2026-11-27T05:30:00Z'), ZONE, today)).toBe('23:30 CST');
  });
});

describe('items', () => {
  test('a recurring item carries its occurrence; a single one does not', () => {
    expect(itemTitle({ title: 'Public update', recurring: true, occurrence: 2 })).toBe('Public update #2');
    expect(itemRef({ action: 'public-update', recurring: true, occurrence: 2 })).toBe('public-update --occurrence 2');
    expect(itemTitle({ title: 'Brief\x1b[2Jing', recurring: false, occurrence: 0 })).toBe('Brief\\e[2Jing');
  });
});

describe('layout', () => {
  test('fit cuts with an ellipsis, and only when needed', () => {
    expect(fit('abcdef', 6)).toBe('abcdef');
    expect(fit('abcdefg', 6)).toBe('abcde…');
  });

  test('indentWrap keeps every line within the width, long words cut', () => {
    const lines = indentWrap('one two three four five six seven eight nine ten', '    ', 24);
    expect(lines.every((l) => l.length <= 24 && l.startsWith('    '))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe('one two three four five six seven eight nine ten');
    expect(indentWrap('x'.repeat(50), '', 20).map((l) => l.length)).toEqual([20, 20, 10]);
  });

  test('a long word is never cut inside an escape: each line reads back on its own', () => {
    const word = oneLine('C:\\tmp\\\u202e\x1b\\'.repeat(6));
    for (const width of [20, 21, 22, 23, 24, 25, 26, 27]) {
      const lines = indentWrap(word, '', width);
      expect(lines.join('')).toBe(word);
      expect(lines.every((l) => l.length <= width && oneLine(readVisible(l)) === l)).toBe(true);
    }
  });

  test('fit never cuts inside an escape either', () => {
    const text = oneLine('ab\\\u202e'.repeat(4));
    for (let width = 2; width < text.length; width++) {
      const cut = fit(text, width).slice(0, -1);
      expect([width, oneLine(readVisible(cut)) === cut && cut.length < width]).toEqual([width, true]);
    }
  });

  test('wrapSegments breaks between segments, never leaving a dangling separator', () => {
    const lines = wrapSegments(['City Manager', 'brief-mayor-board', 'approval: Chief of Police, Mayor'], '  ', 40);
    expect(lines).toEqual(['  City Manager · brief-mayor-board', '  approval: Chief of Police, Mayor']);
    expect(lines.some((l) => l.trimEnd().endsWith('·'))).toBe(false);
  });

  test('columns pad every column but the last', () => {
    expect(
      columns([
        ['a', 'bb', 'c'],
        ['ccc', 'd', 'e'],
      ]),
    ).toEqual(['a    bb  c', 'ccc  d   e']);
  });
});

describe('the board across a DST change', () => {
  test('a due time on the other side of the change carries its abbreviation; today’s do not', () => {
    // Opened Saturday 7 March 2026, 10:00 CST; the clocks go forward at 02:00 on Sunday 8 March.
    const state = stateOf(opened({ at: '2026-03-07T16:00:00.000Z' }));
    const now = new Date('2026-03-07T16:30:00.000Z');
    const out = renderStatus({ state, playbook, items: schedule(state, playbook, now), now });
    expect(out).toContain('Times are America/Chicago (CST) unless marked');
    // The evidence log is due 24 elapsed hours after it occurred: 11:00 CDT on Sunday.
    expect(out).toMatch(/Sun 08 Mar 11:00 CDT\s+in 23 h 30 min\s+Evidence log/);
    // Body-camera review, one calendar day: 10:00 CDT, the same wall-clock time.
    expect(out).toMatch(/Sun 08 Mar 10:00 CDT\s+in 22 h 30 min\s+Review body-camera footage/);
    expect(out).toMatch(/\n {2}11:00 {2,}in 30 min/);
  });
});

describe('a paused deadline on the board', () => {
  const pb = {
    ...playbook,
    actions: [
      ...playbook.actions,
      {
        id: 'release-video',
        title: 'Release the video',
        kind: 'task' as const,
        owner: 'city-manager',
        due: { after: 'occurred' as const, within: 'P45D' },
        pausable: { reassess_every: 'P30D' },
      },
    ],
  };
  const at = '2027-03-01T18:00:00.000Z';
  const pausedAt = '2027-03-11T18:00:00.000Z';
  const pause = ev('clock.paused', { action: 'release-video', occurrence: 0, reason: 'interferes' }, pausedAt);
  const board = (drafts: Draft[], now: string) => {
    const state = stateOf(opened({ at }), ...drafts);
    return renderStatus({ state, playbook: pb, items: schedule(state, pb, new Date(now)), now: new Date(now) });
  };

  test('paused: since when, why, and the next reassessment; past it, the reassessment is overdue', () => {
    const soon = board([pause], '2027-03-20T18:00:00.000Z');
    expect(soon).toMatch(/paused\s+Release the video/);
    expect(soon).toContain('paused since Thu 11 Mar 12:00 CST: “interferes”');
    expect(soon).toContain('next reassessment due Sat 10 Apr 12:00');
    const late = board([pause], '2027-04-12T17:00:00.000Z');
    expect(late).toContain('reassessment overdue by 2 days');
  });

  test('resumed: the pause stays on the board beside the moved deadline (negative control: never paused)', () => {
    const resumed = ev('clock.resumed', { action: 'release-video', occurrence: 0 }, '2027-03-21T17:00:00.000Z');
    const out = board([pause, resumed], '2027-03-22T17:00:00.000Z');
    // 45 days from the incident, moved by the 9 days 23 hours it stood: Sun 25 Apr 11:00 CDT.
    expect(out).toMatch(/Sun 25 Apr 11:00\s+in 33 days\s+Release the video/);
    expect(out).toMatch(/was paused Thu 11 Mar 12:00 CST – Sun 21 Mar\s+12:00: “interferes”/);
    expect(board([], '2027-03-22T17:00:00.000Z')).not.toContain('paused');
  });
});

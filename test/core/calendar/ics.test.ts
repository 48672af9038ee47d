import { describe, expect, test } from '@jest/globals';
import ICAL from 'ical.js';
import {
  ALARM_MINUTES_BEFORE,
  eventUid,
  renderCalendar,
  type CalendarContext,
  type DeadlineEvent,
} from '../../../src/core/calendar/ics.js';
import { visible } from '../../../src/core/text/visible.js';

const ZONE = 'America/Chicago';
const PIO = { id: 'pio', title: 'PIO' };
const CHIEF = { id: 'police-chief', title: 'Chief of Police' };
const MANAGER = { id: 'city-manager', title: 'City Manager' };

const ctx: CalendarContext = {
  incident: '2026-0007',
  title: 'Traffic stop video',
  zone: ZONE,
  generatedAt: '2026-03-07T23:00:00-06:00',
};

function deadline(over: Partial<DeadlineEvent> & Pick<DeadlineEvent, 'action' | 'due'>): DeadlineEvent {
  return {
    occurrence: 0,
    title: over.action,
    kind: 'task',
    owner: MANAGER,
    approvers: [],
    extensions: 0,
    references: [],
    ...over,
  };
}

const EVENTS: DeadlineEvent[] = [
  // 01:30 CST, before the 02:00 spring-forward
  deadline({
    action: 'board-briefing',
    kind: 'briefing',
    due: '2026-03-08T07:30:00Z',
    title: 'Brief the Board of Aldermen',
  }),
  // 03:30 CDT, after it
  deadline({
    action: 'holding-statement',
    kind: 'statement',
    title: 'Holding statement',
    owner: PIO,
    approvers: [CHIEF, MANAGER],
    template: 'holding-statement',
    due: '2026-03-08T08:30:00Z',
    guidance: 'Say what you know, what you do not, and when the next update comes.',
    references: [{ citation: 'CERC: first message', url: 'https://emergency.cdc.gov/cerc/', note: null }],
  }),
  deadline({
    action: 'public-update',
    kind: 'statement',
    occurrence: 2,
    title: 'Public update',
    owner: PIO,
    due: '2026-03-08T16:00:00Z',
  }),
  // After the November fall-back: 09:00 CST
  deadline({
    action: 'records-request',
    kind: 'records',
    title: 'Sunshine request',
    owner: { id: 'clerk', title: 'City Clerk' },
    due: '2026-11-02T15:00:00Z',
  }),
];

interface Parsed {
  calendar: ICAL.Component;
  events: ICAL.Event[];
}

/** Parse with ical.js, registering the file's own VTIMEZONEs so zoned times convert. */
function parse(text: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('renderCalendar', () => {
  const text = renderCalendar(EVENTS, ctx);
  const { calendar, events } = parse(text);

  test('one VEVENT per deadline, in a VCALENDAR with CRLF lines of at most 75 octets', () => {
    expect(events).toHaveLength(EVENTS.length);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  test('every content line ends with CRLF, the last one too (RFC 5545 §3.1)', () => {
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(renderCalendar([], ctx).endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  test('a VTIMEZONE for the playbook zone, and every start in it', () => {
    const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
    expect(zones).toEqual([ZONE]);
    for (const e of events) expect(e.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(ZONE);
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe(ZONE);
  });

  test('DTSTART is the wall-clock due time in the zone, on both sides of DST', () => {
    const starts = events.map((e) => [
      e.startDate.toString(),
      e.startDate.toJSDate().toISOString(),
      e.endDate.toJSDate().toISOString(),
    ]);
    expect(starts).toEqual([
      ['2026-03-08T01:30:00', '2026-03-08T07:30:00.000Z', '2026-03-08T07:45:00.000Z'],
      ['2026-03-08T03:30:00', '2026-03-08T08:30:00.000Z', '2026-03-08T08:45:00.000Z'],
      ['2026-03-08T11:00:00', '2026-03-08T16:00:00.000Z', '2026-03-08T16:15:00.000Z'],
      ['2026-11-02T09:00:00', '2026-11-02T15:00:00.000Z', '2026-11-02T15:15:00.000Z'],
    ]);
    expect(text).toContain('DTSTART;TZID=America/Chicago:20260308T033000');
  });

  test('summary names the incident, the action and its owner; description has owner, approvers, guidance, reference', () => {
    const held = events[1]!;
    expect(held.summary).toBe('[2026-0007] Holding statement (PIO)');
    expect(held.description).toContain('Owner: PIO (pio)');
    expect(held.description).toContain('Approvers: Chief of Police (police-chief), City Manager (city-manager)');
    expect(held.description).toContain('Say what you know, what you do not, and when the next update comes.');
    expect(held.description).toContain('Reference: CERC: first message, https://emergency.cdc.gov/cerc/');
    // A templated statement is drafted, approved and released: `cic done` refuses it.
    expect(held.description).toContain(
      'Record it: cic draft holding-statement -i 2026-0007, then cic approve holding-statement -i 2026-0007 (each approver), then cic release holding-statement -i 2026-0007 --channel …',
    );
    expect(held.description).not.toContain('cic done');
  });

  test('an action that is not a templated statement is recorded with cic done, naming the occurrence of a recurring one', () => {
    expect(events[0]!.description).toContain('Record it: cic done board-briefing -i 2026-0007');
    // A statement without a template is marked done like any other action.
    expect(events[2]!.description).toContain('Record it: cic done public-update -i 2026-0007 --occurrence 2');
    const noApprovers = parse(
      renderCalendar(
        [deadline({ action: 'notice', kind: 'statement', template: 'notice', due: '2026-03-08T16:00:00Z' })],
        ctx,
      ),
    ).events[0]!;
    expect(noApprovers.description).toContain(
      'Record it: cic draft notice -i 2026-0007, then cic release notice -i 2026-0007 --channel …',
    );
  });

  test(`a display alarm ${ALARM_MINUTES_BEFORE} minutes before each deadline`, () => {
    for (const e of events) {
      const alarms = e.component.getAllSubcomponents('valarm');
      expect(alarms).toHaveLength(1);
      expect(alarms[0]!.getFirstPropertyValue('action')).toBe('DISPLAY');
      expect(String(alarms[0]!.getFirstPropertyValue('trigger'))).toBe(`-PT${ALARM_MINUTES_BEFORE}M`);
      expect(alarms[0]!.getFirstPropertyValue('description')).toMatch(/^Due in 15 min: /);
    }
  });

  test('DTSTAMP is the export time, in UTC', () => {
    expect(text).toContain('DTSTAMP:20260308T050000Z');
    expect(events[0]!.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-03-08T05:00:00Z');
  });
});

describe('UIDs and SEQUENCE, so a re-import updates instead of duplicating', () => {
  test('the UID is incident + action + occurrence, the same in every export', () => {
    const first = parse(renderCalendar(EVENTS, ctx)).events.map((e) => e.uid);
    const later = parse(
      renderCalendar([...EVENTS].reverse(), { ...ctx, generatedAt: '2026-03-08T09:00:00Z' }),
    ).events.map((e) => e.uid);
    expect(first).toEqual([
      '2026-0007.board-briefing.0@cic',
      '2026-0007.holding-statement.0@cic',
      '2026-0007.public-update.2@cic',
      '2026-0007.records-request.0@cic',
    ]);
    expect([...later].sort()).toEqual([...first].sort());
    expect(new Set(first).size).toBe(first.length);
  });

  test('an extended deadline keeps its UID, moves, and gets a higher SEQUENCE', () => {
    const before = parse(renderCalendar([EVENTS[1]!], ctx)).events[0]!;
    const moved = {
      ...EVENTS[1]!,
      due: '2026-03-08T09:30:00Z',
      extensions: 1,
      extension_reason: 'Waiting for the family to be told',
    };
    const after = parse(renderCalendar([moved], { ...ctx, generatedAt: '2026-03-08T08:00:00Z' })).events[0]!;
    expect(after.uid).toBe(before.uid);
    expect(before.sequence).toBe(0);
    expect(after.sequence).toBe(1);
    expect(after.startDate.toString()).toBe('2026-03-08T04:30:00');
    expect(after.description).toContain('Deadline extended 1 time: Waiting for the family to be told');
  });

  test('ids with characters outside the UID alphabet stay distinct and safe', () => {
    expect(eventUid('2026-0007', 'a.b', 0)).toBe('2026-0007.a_2eb.0@cic');
    expect(eventUid('2026-0007', 'a_b', 0)).not.toBe(eventUid('2026-0007', 'a.b', 0));
    expect(eventUid('2026-0007', 'x\r\nX-EVIL:1', 0)).toMatch(/^[A-Za-z0-9._-]+@cic$/);
  });

  test('with a workspace id, it comes first, so two workspaces never share a UID', () => {
    expect(eventUid('2026-0001', 'notify', 0, 'ws-0123456789abcdef')).toBe(
      'ws-0123456789abcdef.2026-0001.notify.0@cic',
    );
    expect(eventUid('2026-0001', 'notify', 0, 'ws-0123456789abcdef')).not.toBe(
      eventUid('2026-0001', 'notify', 0, 'ws-fedcba9876543210'),
    );
  });
});

describe('hostile text', () => {
  const hostile = 'Stop; "quoted", a\\b\r\nX-EVIL:1 \x1b[31m\u202egpj';
  const text = renderCalendar(
    [
      deadline({
        action: 'x',
        due: '2026-03-08T16:00:00Z',
        title: hostile,
        guidance: hostile,
        owner: { id: 'o', title: hostile },
      }),
    ],
    {
      ...ctx,
      title: hostile,
    },
  );
  const { calendar, events } = parse(text);

  test('cannot add a property or a line', () => {
    expect(text).not.toMatch(/^X-EVIL/m);
    expect(calendar.getAllProperties().map((p) => p.name)).not.toContain('x-evil');
    expect(events[0]!.component.getAllProperties().map((p) => p.name)).not.toContain('x-evil');
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f\u202e]/);
  });

  test('comes back as the visible form of what was written', () => {
    const shown = visible(hostile, { singleLine: true });
    expect(events[0]!.summary).toBe(`[2026-0007] ${shown} (${shown})`);
    // ical.js does not know NAME (RFC 7986) or X-WR-CALNAME and hands back the raw value, so
    // undo RFC 5545 TEXT escaping here, as a calendar program would.
    const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
    expect(unescape(String(calendar.getFirstPropertyValue('name')))).toBe(`[2026-0007] ${shown}: deadlines`);
    expect(unescape(String(calendar.getFirstPropertyValue('x-wr-calname')))).toBe(`[2026-0007] ${shown}: deadlines`);
    expect(events[0]!.description).toContain(visible(hostile));
  });

  test('long multi-byte text is folded without breaking a character', () => {
    const guidance = 'Zoë says: « ne pas spéculer » 🚓 '.repeat(20);
    const out = renderCalendar([deadline({ action: 'x', due: '2026-03-08T16:00:00Z', guidance })], ctx);
    for (const line of out.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(parse(out).events[0]!.description).toContain(guidance.trim());
  });
});

test('an unknown zone is refused with a message saying what to fix', () => {
  expect(() => renderCalendar(EVENTS, { ...ctx, zone: 'Mars/Olympus_Mons' })).toThrow(
    /No time-zone rules for "Mars\/Olympus_Mons"/,
  );
});

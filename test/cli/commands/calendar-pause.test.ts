/**
 * A paused deadline in the calendar: the event moves to the next reassessment and says so; once
 * resumed it is back at the moved deadline, with a SEQUENCE that outranks the copies before.
 */
import { describe, expect, test } from '@jest/globals';
import ICAL from 'ical.js';
import { deadlineEvents } from '../../../src/cli/commands/calendar.js';
import { renderCalendar } from '../../../src/core/calendar/ics.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { playbook } from '../../core/incident/fixtures.js';
import { ev, opened, stateOf, type Draft } from '../../core/incident/spec.js';

const pb: Playbook = {
  ...playbook,
  actions: [
    {
      id: 'release-video',
      title: 'Release the video',
      kind: 'task',
      owner: 'city-manager',
      due: { after: 'occurred', within: 'P45D' },
      pausable: { reassess_every: 'P30D' },
    },
  ],
};
const AT = '2027-03-01T18:00:00.000Z';
const pause = ev(
  'clock.paused',
  { action: 'release-video', occurrence: 0, reason: 'interferes' },
  '2027-03-11T18:00:00.000Z',
);
const resume = ev('clock.resumed', { action: 'release-video', occurrence: 0 }, '2027-03-21T17:00:00.000Z');

function video(drafts: Draft[], now: string) {
  const state = stateOf(opened({ at: AT }), ...drafts);
  const events = deadlineEvents(schedule(state, pb, new Date(now)), pb).filter((e) => e.action === 'release-video');
  const ics = renderCalendar(events, { incident: '2026-0007', title: 'T', zone: pb.time_zone, generatedAt: now });
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
  return {
    start: vevent.getFirstPropertyValue('dtstart')!.toString(),
    summary: String(vevent.getFirstPropertyValue('summary')),
    sequence: Number(vevent.getFirstPropertyValue('sequence') ?? 0),
    description: String(vevent.getFirstPropertyValue('description')),
  };
}

describe('a paused deadline in the calendar', () => {
  test('never paused: at the deadline, sequence 0 (negative control)', () => {
    const e = video([], '2027-03-05T18:00:00.000Z');
    expect(e.start).toBe('2027-04-15T12:00:00');
    expect(e.sequence).toBe(0);
  });

  test('paused: at the next reassessment, saying so', () => {
    const e = video([pause], '2027-03-12T18:00:00.000Z');
    expect(e.start).toBe('2027-04-10T12:00:00');
    expect(e.summary).toContain('Reassess the pause: Release the video');
    expect(e.description).toContain('Deadline paused since 2027-03-11T18:00:00.000Z: interferes');
    expect(e.sequence).toBe(1);
  });

  test('resumed: at the moved deadline, with a higher sequence', () => {
    const e = video([pause, resume], '2027-03-22T18:00:00.000Z');
    expect(e.start).toBe('2027-04-25T11:00:00');
    expect(e.sequence).toBe(2);
    expect(e.description).toContain('Deadline moved by pausing its clock');
  });
});

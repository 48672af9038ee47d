/**
 * `cic calendar` through the real binary, parsed with ical.js: every open deadline once, in the
 * playbook zone, with an alarm and the owner; UIDs that stay the same from one export to the next.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, type Ws } from './workspace.js';

let ws: Ws;

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

const uids = (events: ICAL.Event[]) => events.map((e) => e.uid).sort();

beforeAll(async () => {
  ws = await makeWorkspace();
});
afterAll(() => ws?.remove());

describe('cic calendar', () => {
  test('prints every open deadline as an event in the playbook zone, with owner, guidance and an alarm', async () => {
    const r = await ws.ok(['calendar'], { at: '02:10' });
    const events = parse(r.stdout);
    expect(events.length).toBeGreaterThan(5);
    const notify = events.find((e) => e.uid === `${ws.id}.notify-city-manager.0@cic`)!;
    expect(notify.summary).toContain('Chief notifies the City Manager');
    expect(notify.startDate.toString()).toBe('2026-03-14T02:20:00');
    expect(notify.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('America/Chicago');
    expect(notify.startDate.toJSDate().toISOString()).toBe('2026-03-14T07:20:00.000Z');
    expect(notify.description).toContain('Owner: Chief of Police (police-chief)');
    expect(notify.description).toContain('Clayton CICP §3.1');
    // The same word for where it stands as cic status uses at that moment.
    expect(notify.description).toMatch(/State when exported: (upcoming|due|overdue|missed)/);
    expect(notify.component.getAllSubcomponents('valarm')).toHaveLength(1);
    // Waiting items have no deadline yet, so no event.
    expect(events.some((e) => e.uid.includes('public-update'))).toBe(false);
  });

  test('UIDs are stable: a later export has the same UIDs for the same deadlines, minus those done', async () => {
    const first = parse((await ws.ok(['calendar'], { at: '02:11' })).stdout);
    const again = parse((await ws.ok(['calendar'], { at: '02:12' })).stdout);
    expect(uids(again)).toEqual(uids(first));
    expect(again.map((e) => e.component.getFirstPropertyValue('dtstamp')!.toString())).not.toEqual(
      first.map((e) => e.component.getFirstPropertyValue('dtstamp')!.toString()),
    );

    await ws.ok(['done', 'notify-city-manager'], { at: '02:14', as: 'police-chief' });
    await ws.ok(['extend', 'video-release', '--by', 'P10D', '--reason', 'Prosecutor asked in writing'], {
      at: '02:15',
      as: 'pio',
    });
    const later = parse((await ws.ok(['calendar'], { at: '02:16' })).stdout);
    expect(uids(later)).toEqual(uids(first).filter((u) => u !== `${ws.id}.notify-city-manager.0@cic`));
    // The moved deadline keeps its UID and outranks the old copy (SEQUENCE).
    const video = (list: ICAL.Event[]) => list.find((e) => e.uid === `${ws.id}.video-release.0@cic`)!;
    expect(video(first).sequence).toBe(0);
    expect(video(later).sequence).toBe(1);
    expect(video(later).startDate.toJSDate().getTime() - video(first).startDate.toJSDate().getTime()).toBe(
      10 * 24 * 3600_000,
    );
    expect(video(later).description).toContain('Prosecutor asked in writing');
  });

  test('--out FILE writes the same calendar to a file and says so', async () => {
    const r = await ws.ok(['calendar', ws.id, '--out', 'deadlines.ics'], { at: '02:16' });
    expect(r.stdout).toMatch(/open deadlines of incident \d{4}-\d{4} written to deadlines\.ics/);
    const fromFile = parse(readFileSync(join(ws.root, 'deadlines.ics'), 'utf8'));
    const fromStdout = parse((await ws.ok(['calendar'], { at: '02:16' })).stdout);
    expect(uids(fromFile)).toEqual(uids(fromStdout));
  });

  test('--out naming a folder is bad input (exit 2)', async () => {
    const r = await ws.cic(['calendar', '--out', 'incidents'], { at: '02:16' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a folder');
  });
});

/**
 * `cic calendar` through the real binary, parsed with ical.js: every open deadline once, in the
 * playbook zone, with an alarm and the owner; UIDs that stay the same from one export to the next.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import ICAL from 'ical.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, type Ws } from './workspace.js';

let ws: Ws;

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

const uids = (events: ICAL.Event[]) => events.map((e) => e.uid).sort();
/** The workspace's id from its cic.yaml: every UID starts with it. */
let wsId = '';
const uid = (rest: string) => `${wsId}.${rest}@cic`;

beforeAll(async () => {
  ws = await makeWorkspace();
  wsId = /^workspace_id: (ws-[0-9a-f]{16})$/m.exec(readFileSync(join(ws.root, 'cic.yaml'), 'utf8'))![1]!;
});
afterAll(() => ws?.remove());

describe('cic calendar', () => {
  test('prints every open deadline as an event in the playbook zone, with owner, guidance and an alarm', async () => {
    const r = await ws.ok(['calendar'], { at: '02:10' });
    const events = parse(r.stdout);
    expect(events.length).toBeGreaterThan(5);
    const notify = events.find((e) => e.uid === uid(`${ws.id}.notify-city-manager.0`))!;
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
    expect(uids(later)).toEqual(uids(first).filter((u) => u !== uid(`${ws.id}.notify-city-manager.0`)));
    // The moved deadline keeps its UID and outranks the old copy (SEQUENCE).
    const video = (list: ICAL.Event[]) => list.find((e) => e.uid === uid(`${ws.id}.video-release.0`))!;
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

  test('two workspaces’ incident 2026-0001 never share a UID; a workspace made before ids gets one, kept', async () => {
    const other = await makeWorkspace();
    try {
      const mine = uids(parse((await ws.ok(['calendar'], { at: '02:10' })).stdout));
      const theirs = uids(parse((await other.ok(['calendar'], { at: '02:10' })).stdout));
      expect(ws.id).toBe(other.id);
      expect(mine.filter((u) => theirs.includes(u))).toEqual([]);
      // Negative control: without the workspace part, the UIDs would collide.
      const bare = (list: string[]) => list.map((u) => u.replace(/^ws-[0-9a-f]{16}\./, ''));
      expect(bare(mine).filter((u) => bare(theirs).includes(u)).length).toBeGreaterThan(0);

      const file = join(other.root, 'cic.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replace(/^#[^\n]*\n(?=workspace_id)/m, '')
          .replace(/^workspace_id: .*\n/m, ''),
      );
      const first = await other.cic(['calendar'], { at: '02:10' });
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/Gave this workspace the id ws-[0-9a-f]{16} in cic\.yaml/);
      const again = await other.ok(['calendar'], { at: '02:10' });
      expect(again.stderr).toBe('');
      expect(uids(parse(again.stdout))).toEqual(uids(parse(first.stdout)));
    } finally {
      other.remove();
    }
  });
});

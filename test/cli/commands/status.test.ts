/**
 * `cic status` in-process: the JSON shape (exactly the documented keys), the board's order and
 * words, `--role`, `--all`, escaping of data, and fact changes between released statements.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { store, openWorkspace } from '../../../src/cli/commands/incident-access.js';
import { open } from '../../../src/cli/commands/open.js';
import { close, done, extend, skip } from '../../../src/cli/commands/checklist.js';
import { status } from '../../../src/cli/commands/status.js';
import { InputError } from '../../../src/core/errors.js';
import type { IncidentEvent } from '../../../src/core/incident/events.js';
import { STATE_NAMES } from '../../../src/core/incident/item-state.js';
import type { StatusJson } from '../../../src/cli/views/status-view.js';
import { at, ok, run, tempWorkspace } from './workspace.js';
import {
  closeOptions,
  doneOptions,
  extendOptions,
  openOptions,
  skipOptions,
  statusOptions,
} from '../../../src/cli/options.js';
import { parseIncidentId } from '../../../src/core/ids.js';

const NOW = '2026-11-26T08:00:00.000Z'; // 02:00 CST
const ID = parseIncidentId('2026-0001');
let root: string;
const who = (role: string, name = 'Jane Doe') => ({ workspace: root, as: role, name });
const item = (json: StatusJson, action: string, occurrence = 0) =>
  json.items.find((i) => i.action === action && i.occurrence === occurrence)!;

/** Tier 1 at 02:00 CST: one call on time, one late, one skipped, one extended. */
async function busyIncident() {
  root = tempWorkspace();
  await ok(NOW, () =>
    open(
      openOptions([], {
        ...who('city-manager'),
        title: 'Shooting at Forsyth and Hanley',
        tier: 'tier-1',
        reason: 'test',
        occurredAt: '2026-11-26 01:40',
      }),
    ),
  );
  await ok(at(NOW, 10), () => done(doneOptions(['notify-city-manager'], who('police-chief', 'Chief Ruiz'))));
  await ok(at(NOW, 72), () => done(doneOptions(['brief-mayor-board'], who('city-manager'))));
  await ok(at(NOW, 20), () =>
    skip(skipOptions(['notify-city-attorney'], { ...who('city-manager'), reason: 'On scene already' })),
  );
  await ok(at(NOW, 20), () =>
    extend(extendOptions(['video-release'], { ...who('pio'), by: 'P10D', reason: 'Prosecutor asked' })),
  );
}

describe('status --json', () => {
  beforeEach(busyIncident);

  test('has exactly the documented keys, for the incident and every item', async () => {
    const r = await ok(at(NOW, 75), () => status(statusOptions([], { workspace: root, json: true })));
    const json = JSON.parse(r.out) as StatusJson;
    expect(Object.keys(json).sort()).toEqual(['commitments', 'incident', 'items', 'now', 'packets', 'press', 'tier']);
    expect(json).toMatchObject({ commitments: [], packets: [], press: [] });
    expect(json).toMatchObject({ incident: ID, tier: 'tier-1', now: '2026-11-26T03:15:00-06:00' });
    const keys = [
      'action',
      'occurrence',
      'title',
      'owner',
      'due',
      'state',
      'completed_at',
      'completed_by',
      'late_by',
      'reason',
      'waiting_on',
      'outside',
      'source',
      'request',
      'paused',
      'pauses',
      'promise',
    ].sort();
    for (const i of json.items) expect(Object.keys(i).sort()).toEqual(keys);
    expect(json.items.map((i) => i.state).every((s) => (STATE_NAMES as readonly string[]).includes(s))).toBe(true);
  });

  test('done, late, skipped, extended, overdue and waiting items', async () => {
    const json = (await ok(at(NOW, 75), () => status(statusOptions([], { workspace: root, json: true })))).value!;
    expect(item(json, 'notify-city-manager')).toEqual({
      action: 'notify-city-manager',
      occurrence: 0,
      title: 'Chief notifies the City Manager',
      owner: 'police-chief',
      due: '2026-11-26T02:15:00-06:00',
      state: 'done',
      completed_at: '2026-11-26T02:10:00-06:00',
      completed_by: { role: 'police-chief', name: 'Chief Ruiz' },
      late_by: null,
      reason: null,
      waiting_on: [],
      outside: false,
      source: null,
      request: null,
      paused: null,
      pauses: [],
      promise: null,
    });
    expect(item(json, 'brief-mayor-board')).toMatchObject({
      state: 'late',
      completed_at: '2026-11-26T03:12:00-06:00',
      late_by: 'PT12M',
    });
    expect(item(json, 'notify-city-attorney')).toMatchObject({
      state: 'skipped',
      reason: 'On scene already',
      completed_at: null,
    });
    expect(item(json, 'video-release')).toMatchObject({
      state: 'upcoming',
      due: '2027-01-20T01:40:00-06:00',
      reason: 'Prosecutor asked',
    });
    // The holding statement was due at 03:00: 15 minutes overdue, as an ISO 8601 duration.
    expect(item(json, 'holding-statement')).toMatchObject({ state: 'overdue', late_by: 'PT15M' });
    // Waiting on the holding statement: 'waiting', without a due time yet, and what it waits on.
    expect(item(json, 'public-update')).toMatchObject({
      state: 'waiting',
      due: null,
      waiting_on: ['holding-statement'],
    });
  });

  test('--role keeps the items of that role and of the roles it acts for', async () => {
    const chief = (
      await ok(at(NOW, 75), () => status(statusOptions([], { workspace: root, json: true, role: 'police-chief' })))
    ).value!;
    expect(new Set(chief.items.map((i) => i.owner))).toEqual(new Set(['police-chief']));
    const deputy = (
      await ok(at(NOW, 75), () => status(statusOptions([], { workspace: root, json: true, role: 'deputy-chief' })))
    ).value!;
    expect(deputy.items.map((i) => i.action)).toEqual(chief.items.map((i) => i.action));
    const pio = (await ok(at(NOW, 75), () => status(statusOptions([], { workspace: root, json: true, role: 'pio' }))))
      .value!;
    expect(pio.items.some((i) => i.owner === 'police-chief')).toBe(false);
    expect(pio.items.length).toBeGreaterThan(0);
  });

  test('an unknown role is refused', async () => {
    const r = await run(at(NOW, 75), () => status(statusOptions([], { workspace: root, json: true, role: 'janitor' })));
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toContain('"janitor" is not a role');
  });
});

describe('the board', () => {
  beforeEach(busyIncident);

  test('overdue first, then due soonest, with owners, approvers, relative and zoned times', async () => {
    const { out: text } = await ok(at(NOW, 75), () => status(statusOptions([], { workspace: root })));
    // An item's detail lines, wrapped under it, read as one line joined by " · ".
    const out = text.replace(/\n {20,}/g, ' · ');
    expect(out.indexOf('OVERDUE (1)')).toBeLessThan(out.indexOf('DUE NEXT'));
    expect(out.indexOf('DUE NEXT')).toBeLessThan(out.indexOf('WAITING'));
    expect(out.indexOf('WAITING')).toBeLessThan(out.indexOf('DONE AND SKIPPED'));
    expect(out).toContain('Incident 2026-0001  Shooting at Forsyth and Hanley');
    expect(out).toContain('Tier 1 - Critical (tier-1) · OPEN · now Thu 26 Nov 03:15 CST · simulated clock');
    expect(out).toContain('1 overdue · 1 due within the hour · 5 later · 10 waiting · 2 done (1 late) · 1 skipped');
    expect(out).toMatch(
      /03:00\s+overdue 15 min\s+Release the holding statement · Police Public Information Officer · holding-statement · approval: Chief of Police, City Manager/,
    );
    expect(out).toMatch(/04:00\s+in 45 min\s+Agree release responsibilities/);
    expect(out).toMatch(
      /waiting\s+Public update #0 · Police Public Information Officer · public-update --occurrence 0 · waiting on “Release the holding statement”/,
    );
    expect(out).toMatch(
      /03:12\s+late 12 min\s+Brief the Mayor and the Board of Aldermen · by Jane Doe \(City Manager\) · brief-mayor-board · was due 03:00/,
    );
    expect(out).toMatch(
      /02:20\s+skipped\s+Notify the City Attorney · by Jane Doe \(City Manager\): “On scene already”/,
    );
    expect(out).toMatch(
      /Wed 20 Jan 2027 01:40\s+in 54 days\s+Release the critical-incident video · [^\n]*extended from Sun 10 Jan 2027 01:40: “Prosecutor asked”/,
    );
  });

  test('done and skipped items from more than 2 hours ago are counted, and shown with --all', async () => {
    const later = at(NOW, 10 + 125); // the on-time call was recorded at 02:10, the skip at 02:20
    const { out } = await ok(later, () => status(statusOptions([], { workspace: root })));
    expect(out).toContain('DONE AND SKIPPED IN THE LAST 2 H (2 of 3)');
    expect(out).toContain('1 earlier item not shown: cic status --all');
    expect(out).not.toContain('Chief notifies the City Manager');
    const all = await ok(later, () => status(statusOptions([], { workspace: root, all: true })));
    expect(all.out).toContain('DONE AND SKIPPED (3)');
    expect(all.out).toContain('Chief notifies the City Manager');
  });

  test('a closed incident is still shown, with what falls due after closing', async () => {
    await ok(at(NOW, 80), () =>
      close(closeOptions([], { ...who('city-manager'), force: true, reason: 'Handed to the County' })),
    );
    const { out } = await ok(at(NOW, 81), () => status(statusOptions([], { workspace: root })));
    expect(out).toContain('CLOSED 03:20');
    expect(out).toMatch(/Tue 01 Dec 23:59\s+in 5 days 20 h\s+Deliver the communications log to the City Clerk/);
  });
});

describe('data is shown escaped', () => {
  test('control and bidi characters in a title, a name and a reason', async () => {
    root = tempWorkspace();
    await ok(NOW, () =>
      open(openOptions([], { ...who('city-manager'), title: 'Stop\x1b[2J\u202eevil', tier: 'tier-1', reason: 'x' })),
    );
    await ok(at(NOW, 5), () =>
      skip(skipOptions(['notify-city-attorney'], { ...who('city-manager'), reason: 'ok\rapproved: YES' })),
    );
    const { out } = await ok(at(NOW, 6), () => status(statusOptions([], { workspace: root })));
    expect(out).toContain('Stop\\e[2J\\u{202e}evil');
    expect(out).toContain('ok\\rapproved: YES');
    expect(out).not.toContain('\x1b[2J');
    expect(out).not.toContain('\u202e');
    expect(out).not.toContain('\r');
  });
});

describe('fact changes between released statements', () => {
  test('the board points them out', async () => {
    root = tempWorkspace();
    await ok(NOW, () =>
      open(openOptions([], { ...who('city-manager'), title: 'Shooting', tier: 'tier-1', reason: 'x' })),
    );
    const ws = await openWorkspace({ workspace: root });
    const release = (statement: string, persons: number): IncidentEvent => ({
      type: 'statement.released',
      data: {
        statement,
        version: 1,
        sha256: 'a'.repeat(64),
        channels: ['press-release'],
        facts: { persons_injured: persons },
      },
    });
    const actor = { role: 'pio', name: 'PIO Okafor', user: 't@h' };
    await store(ws).appendEvents(ID, { actor, at: new Date(at(NOW, 30)), simulated: true }, [
      release('holding-statement', 2),
    ]);
    await store(ws).appendEvents(ID, { actor, at: new Date(at(NOW, 90)), simulated: true }, [
      release('public-update', 3),
    ]);
    const { out } = await ok(at(NOW, 95), () => status(statusOptions([], { workspace: root })));
    expect(out).toContain('FACTS THAT CHANGED BETWEEN RELEASED STATEMENTS (1)');
    expect(out).toContain('persons_injured: 2 → 3');
    expect(out).toContain('holding-statement v1 (02:30 CST) → public-update v1 (03:30 CST)');
  });

  test('no section when the released facts agree', async () => {
    root = tempWorkspace();
    await ok(NOW, () =>
      open(openOptions([], { ...who('city-manager'), title: 'Shooting', tier: 'tier-1', reason: 'x' })),
    );
    const { out } = await ok(at(NOW, 95), () => status(statusOptions([], { workspace: root })));
    expect(out).not.toContain('FACTS THAT CHANGED');
  });
});

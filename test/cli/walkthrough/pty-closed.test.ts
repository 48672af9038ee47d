/**
 * `cic run` on a closed incident, through a real pseudo-terminal: closing ends the active
 * response, so the walk-through says so and then offers what is still open on the schedule (here
 * the log to the clerk, a duty that starts at closing) instead of refusing.
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { runCic } from '../../helpers/run-cic.js';
import { Session } from './pty-driver.js';

const flat = (s: string) => s.replace(/\s+/g, ' ');
const T0 = Date.parse('2026-11-26T08:05:00.000Z'); // declared 02:05 CST
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const TUESDAY_0900 = (Date.parse('2026-12-01T15:00:00.000Z') - T0) / 60_000;
const env = (minutes: number) => ({
  CIC_NOW: at(minutes),
  CIC_ROLE: undefined,
  CIC_NAME: undefined,
  CIC_WORKSPACE: undefined,
});
let root: string;
const sessions: Session[] = [];

async function cic(minutes: number, ...args: string[]): Promise<void> {
  const r = await runCic(args, { cwd: root, env: env(minutes) });
  expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
}

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), 'cic-run-closed-'));
  expect((await runCic(['init', 'city', '--name', 'Jane Doe'], { cwd: parent })).code).toBe(0);
  root = join(parent, 'city');
  await cic(
    0,
    'open',
    '--title',
    'Officer-involved shooting, Forsyth and Hanley',
    '--fact',
    'shots_fired_by_officer=yes',
    '--occurred-at',
    '2026-11-26 01:40',
    '--as',
    'city-manager',
  );
  await cic(5, 'done', 'brief-mayor-board', '--as', 'city-manager');
  await cic(6, 'done', 'notify-city-attorney', '--as', 'city-manager');
  await cic(55, 'close', '--force', '--reason', 'Active response over', '--as', 'city-manager');
});

afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

describe('cic run on a closed incident', () => {
  test('offers the duty that starts at closing, and records it', async () => {
    const cm = new Session(['run', '--as', 'city-manager', '--name', 'Sam Ortiz', '--role', 'city-manager'], {
      cwd: root,
      env: env(TUESDAY_0900),
    });
    sessions.push(cm);
    const screen = flat(await cm.waitFor('? What now?'));
    expect(screen).toContain('CLOSED');
    expect(screen).toContain(
      'Incident 2026-0001 is closed: the active response is over. What is left are the duties still open on its schedule',
    );
    expect(screen).toContain('Deliver the communications log to the City Clerk [log-to-clerk]');
    await cm.choose('What now?', 'Mark it done');
    await cm.answer('When was it done?', '');
    await cm.answer('A note for the log (optional)', 'Folder and head hash given to the clerk');
    const after = flat(await cm.waitFor('? What now?'));
    expect(after).toContain('Recorded: Deliver the communications log to the City Clerk done at 09:00 CST, on time.');
    // The after-action report now has its deadline, weeks away: nothing more is due today.
    expect(after).toContain('Nothing is due for City Manager in the next 24 hours.');
    await cm.choose('What now?', 'Quit');
    expect(await cm.exit).toBe(0);

    const last = readFileSync(join(root, 'incidents', '2026-0001', 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogEntry)
      .at(-1)!;
    expect(last).toMatchObject({
      type: 'action.completed',
      data: { action: 'log-to-clerk', occurrence: 0, note: 'Folder and head hash given to the clerk' },
      actor: { role: 'city-manager', name: 'Sam Ortiz' },
    });
  });
});

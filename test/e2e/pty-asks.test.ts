/**
 * At a terminal cic asks only for what is missing: a skip without --reason asks why, records the
 * answer, and Ctrl+C at the question records nothing; with several incidents open, a command that
 * needs one offers them.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { KEY, spawnCic, type Terminal } from './terminal.js';

const env = {
  CIC_NOW: '2026-11-26T08:00:00.000Z',
  CIC_ROLE: 'city-manager',
  CIC_NAME: 'Jane Doe',
  CIC_WORKSPACE: undefined,
};
const open: Terminal[] = [];

afterEach(() => {
  for (const t of open.splice(0)) t.kill();
});

async function openIncident(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cic-pty-asks-'));
  expect((await runCic(['init', 'city'], { cwd: dir })).code).toBe(0);
  const ws = join(dir, 'city');
  expect((await runCic(['open', '--title', 'x', '--tier', 'tier-3'], { cwd: ws, env })).code).toBe(0);
  return ws;
}

const entries = (ws: string) =>
  readFileSync(join(ws, 'incidents', '2026-0001', 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });

describe('a recorded decision without --reason at a terminal', () => {
  test('asks why, and records the answer as the reason', async () => {
    const ws = await openIncident();
    const t = spawnCic(['skip', 'notify-city-manager', '--as', 'police-chief'], { cwd: ws, env });
    open.push(t);
    await t.waitFor('Why is it skipped? (recorded in the log)');
    t.write(`The Manager was at the scene${KEY.enter}`);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect(entries(ws).at(-1)).toMatchObject({
      type: 'action.skipped',
      data: { action: 'notify-city-manager', reason: 'The Manager was at the scene' },
    });
  });

  test('Ctrl+C at the question records nothing (exit 130)', async () => {
    const ws = await openIncident();
    const before = entries(ws).length;
    const t = spawnCic(['skip', 'notify-city-manager', '--as', 'police-chief'], { cwd: ws, env });
    open.push(t);
    await t.waitFor('Why is it skipped?');
    t.write(KEY.ctrlC);
    expect(await t.exited).toMatchObject({ exitCode: 130 });
    expect(entries(ws)).toHaveLength(before);
  });
});

describe('several incidents open, none named', () => {
  test('status at a terminal offers the open ones and shows the one chosen', async () => {
    const ws = await openIncident();
    expect((await runCic(['open', '--title', 'Second', '--tier', 'tier-3'], { cwd: ws, env })).code).toBe(0);
    const t = spawnCic(['status'], { cwd: ws, env });
    open.push(t);
    await t.waitFor('2 incidents are open. Which one?');
    expect(t.text).toContain('2026-0002  open  Second');
    t.write(`${KEY.down}${KEY.enter}`);
    await t.waitFor('Incident 2026-0002');
    expect(await t.exited).toMatchObject({ exitCode: 0 });
  });

  test('negative control: without a terminal it names them and exits 2', async () => {
    const ws = await openIncident();
    expect((await runCic(['open', '--title', 'Second', '--tier', 'tier-3'], { cwd: ws, env })).code).toBe(0);
    const r = await runCic(['status'], { cwd: ws, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 incidents are open; say which one');
  });
});

describe('cic done with no action at a terminal', () => {
  test('offers the open items the acting role may record, soonest first, and records the one chosen', async () => {
    const ws = await openIncident();
    const t = spawnCic(['done', '--as', 'police-chief'], { cwd: ws, env });
    open.push(t);
    await t.waitFor('Which item is done?');
    expect(t.text).toMatch(/Chief notifies the City Manager {2}\[notify-city-manager\] {2}due 02:15 CST/);
    expect(t.text).not.toContain('[brief-mayor-board]'); // the City Manager's, not the Chief's
    t.write(KEY.enter);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect(entries(ws).at(-1)).toMatchObject({ type: 'action.completed', data: { action: 'notify-city-manager' } });
  });
});

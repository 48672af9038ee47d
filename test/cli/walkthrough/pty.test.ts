/**
 * The walk-through end to end, through a real pseudo-terminal and the real binary: a Tier 1
 * incident on the bundled Clayton playbook, opened with `cic open`, taken by the PIO, the Chief
 * and the City Manager through `cic run` to the holding statement released. Includes a Ctrl+C in
 * the middle of a prompt, after which the log verifies and is byte for byte what it was.
 * Without a terminal `cic run` refuses (exit 2) and points to the other commands.
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { runCic } from '../../helpers/run-cic.js';
import { KEY, Session } from './pty-driver.js';

/** Lines wrap to the terminal: compare with runs of white space made one space. */
const flat = (s: string) => s.replace(/\s+/g, ' ');
const T0 = Date.parse('2026-11-26T08:05:00.000Z'); // declared 02:05 CST
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
let root: string;
const sessions: Session[] = [];
const env = (minutes: number) => ({
  CIC_NOW: at(minutes),
  CIC_ROLE: undefined,
  CIC_NAME: undefined,
  CIC_WORKSPACE: undefined,
});

function cicRun(minutes: number, ...args: string[]): Session {
  const s = new Session(['run', ...args], { cwd: root, env: env(minutes) });
  sessions.push(s);
  return s;
}
const logBytes = () => readFileSync(join(root, 'incidents', '2026-0001', 'log.jsonl'));
const log = () =>
  logBytes()
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogEntry);

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), 'cic-run-'));
  expect((await runCic(['init', 'city', '--name', 'Jane Doe'], { cwd: parent })).code).toBe(0);
  root = join(parent, 'city');
  const opened = await runCic(
    [
      'open',
      '--title',
      'Officer-involved shooting, Forsyth and Hanley',
      '--fact',
      'shots_fired_by_officer=yes',
      '--occurred-at',
      '2026-11-26 01:40',
      '--as',
      'city-manager',
    ],
    {
      cwd: root,
      env: env(0),
    },
  );
  expect(opened.code).toBe(0);
});

afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

describe('cic run through a pseudo-terminal', () => {
  test('the PIO drafts the holding statement and the Chief approves it at the same keyboard', async () => {
    const pio = cicRun(5, '--role', 'pio');
    // No role configured: asked once, then the name (the workspace default may be someone else's).
    await pio.choose('Which role are you acting as?', 'Police Public Information Officer');
    await pio.answer('Your name, for the log', `${KEY.ctrlU}Pat Okafor`);
    const screen = await pio.waitFor('? What now?');
    expect(screen).toContain('Tier 1 - Critical · now Thu 26 Nov 2026 02:10 CST (simulated clock)');
    expect(screen).toContain('Occurred 30 min ago (01:40 CST) · declared 5 min ago (02:05 CST)');
    expect(screen).toContain('Acting as Police Public Information Officer (Pat Okafor) · showing your items');
    expect(screen).toContain('due in 55 min  Release the holding statement  [holding-statement]');
    expect(screen).toContain('Approvers Chief of Police (police-chief), City Manager (city-manager)');
    expect(screen).toContain('Be first, be right, be credible.');
    expect(screen).toContain('Clayton CICP §4.1');

    await pio.choose('What now?', 'Draft it from the template');
    await pio.answer(
      'What happened, in one or two sentences',
      'At approximately 1:40 a.m. an officer fired a weapon during a traffic stop. One person was taken to hospital.',
    );
    await pio.answer('Where did it happen', 'Forsyth Boulevard and Hanley Road');
    await pio.type('When will the next public update be given?', 'tomorrow');
    await pio.waitFor('is not a time cic understands');
    await pio.answer('When will the next public update be given?', `${KEY.ctrlU}2026-11-26 06:00`);
    await pio.answer('Where can the public find updates', 'https://www.claytonmo.gov/updates');
    const drafted = await pio.waitFor('? v1 of holding-statement: what now?');
    expect(drafted).toContain('Drafted v1 of holding-statement: incidents/2026-0001/drafts/holding-statement.v1.md');
    expect(readFileSync(join(root, 'incidents', '2026-0001', 'drafts', 'holding-statement.v1.md'), 'utf8')).toContain(
      'Our next update will be at 06:00 CST on Thursday, Nov 26',
    );

    await pio.choose('v1 of holding-statement: what now?', 'Read the current draft');
    expect(await pio.waitFor('? v1 of holding-statement: what now?')).toContain(
      ' 15  Updates and more information: https://www.claytonmo.gov/updates',
    );

    // The Chief takes the keyboard.
    await pio.choose('v1 of holding-statement: what now?', 'Switch role');
    await pio.choose('Act as, and show the items of:', 'Chief of Police (police-chief)');
    await pio.answer('Your name, for the log', `${KEY.ctrlU}Chief Ruiz`);
    await pio.choose('v1 of holding-statement: what now?', 'Approve v1');
    await pio.answer('Approve v1 of holding-statement as Chief of Police?', '');
    expect(await pio.waitFor('waiting for City Manager (city-manager).')).toContain(
      'Approved v1 of holding-statement: Chief Ruiz, Chief of Police (police-chief)',
    );
    await pio.choose('v1 of holding-statement: what now?', 'Back to the walk-through');
    await pio.choose('What now?', 'Quit');
    expect(await pio.exit).toBe(0);

    const types = log().map((e) => e.type);
    expect(types.slice(-6)).toEqual([
      'fact.recorded',
      'fact.recorded',
      'fact.recorded',
      'fact.recorded',
      'statement.drafted',
      'statement.approved',
    ]);
    expect(log().at(-1)!.actor).toMatchObject({ role: 'police-chief', name: 'Chief Ruiz' });
    expect(log().at(-2)!.actor).toMatchObject({ role: 'pio', name: 'Pat Okafor' });
  });

  test('Ctrl+C in the middle of a prompt: exit 130, the log byte for byte unchanged and verifying', async () => {
    const before = logBytes();
    const cm = cicRun(10, '--as', 'city-manager', '--name', 'Sam Ortiz', '--role', 'city-manager');
    await cm.choose('What now?', 'Mark it done');
    await cm.answer('When was it done?', '');
    await cm.waitFor('A note for the log (optional)');
    cm.send('Called each member indiv'); // half a note …
    await new Promise((r) => setTimeout(r, 150));
    cm.send(KEY.ctrlC); // … and Ctrl+C
    expect(await cm.exit).toBe(130);
    expect(cm.text).toContain('Stopped. The step in progress was not recorded');
    expect(logBytes().equals(before)).toBe(true);
    const verify = await runCic(['verify'], { cwd: root, env: env(10) });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('the log verifies');
  });

  test('it resumes where things stand: the City Manager records, approves, and the PIO releases', async () => {
    const cm = cicRun(12, '--as', 'city-manager', '--name', 'Sam Ortiz', '--role', 'city-manager');
    const first = await cm.waitFor('? What now?');
    expect(first).toContain('Brief the Mayor and the Board of Aldermen');
    await cm.choose('What now?', 'Mark it done');
    await cm.answer('When was it done?', `${KEY.ctrlU}2026-11-26 02:14`);
    await cm.answer('A note for the log (optional)', 'Called each member individually');
    expect(await cm.waitFor('? What now?')).toContain(
      'Recorded: Brief the Mayor and the Board of Aldermen done at 02:14 CST, on time.',
    );
    await cm.choose('What now?', 'Later: go on to the next item'); // notify-city-attorney
    const holding = await cm.waitFor('? What now?');
    expect(holding).toContain('Release the holding statement');
    expect(flat(holding)).toContain(
      'awaiting approval (1 of 2) · approved by Chief of Police · waiting for City Manager',
    );
    expect(holding).toContain('Your decision is needed as City Manager');
    await cm.choose('What now?', 'Approve v1');
    await cm.answer('Approve v1 of holding-statement as City Manager?', '');
    expect(await cm.waitFor('? What now?')).toContain('Every approver has approved v1');

    // The PIO sits down again: release.
    await cm.choose('What now?', 'Switch role');
    await cm.choose('Act as, and show the items of:', 'Police Public Information Officer');
    await cm.answer('Your name, for the log', `${KEY.ctrlU}Pat Okafor`);
    expect(flat(await cm.waitFor('? What now?'))).toContain(
      'v1 (drafts/holding-statement.v1.md) · approved by Chief of Police, City Manager: ready to release',
    );
    await cm.choose('What now?', 'Release v1');
    await cm.waitFor('? Released on which channels?');
    cm.send(KEY.down + KEY.down + KEY.space); // untick media-email-list
    cm.send(KEY.enter);
    await cm.answer('Release it now on city-website, social-media?', '');
    const released = await cm.waitFor('? What now?');
    expect(released).toContain('Released v1 of holding-statement on city-website, social-media');
    expect(released).toContain('as done at 02:17 CST, on time.');
    // Releasing started the four-hourly public updates: the first is the PIO's next item, due at
    // the 06:00 the statement promised (sooner than 06:17, four hours after the release).
    expect(released).toContain('due in 3 h 43 min  Public update #0  [public-update]');
    expect(released).toContain('Promised  promised for 06:00 CST in holding-statement v1 (released 02:17 CST)');
    await cm.choose('What now?', 'Quit');
    expect(await cm.exit).toBe(0);

    const entries = log();
    const [rel, done] = entries.slice(-2);
    expect(rel!.type).toBe('statement.released');
    expect(rel!.data).toMatchObject({
      statement: 'holding-statement',
      version: 1,
      channels: ['city-website', 'social-media'],
    });
    expect(done!.type).toBe('action.completed');
    expect(done!.data).toMatchObject({ action: 'holding-statement', occurrence: 0 });
    const note = entries.find(
      (e) => e.type === 'action.completed' && (e.data as { action: string }).action === 'brief-mayor-board',
    )!;
    expect(note.stated_at).toBe('2026-11-26T08:14:00.000Z');
    expect((await runCic(['verify'], { cwd: root, env: env(13) })).code).toBe(0);
    const status = JSON.parse((await runCic(['status', '--json', '--all'], { cwd: root, env: env(13) })).stdout);
    expect(status.items.find((i: { action: string }) => i.action === 'holding-statement').state).toBe('done');
  });

  test('two people at once see each other: a second session shows what the first recorded', async () => {
    const a = cicRun(14, '--as', 'city-manager', '--name', 'Sam Ortiz', '--role', 'city-manager');
    const first = await a.waitFor('? What now?');
    expect(first).toContain('Notify the City Attorney');
    // Someone else records it from another terminal while the menu is open.
    expect(
      (
        await runCic(['done', 'notify-city-attorney', '--as', 'assistant-city-manager', '--name', 'Alex Kim'], {
          cwd: root,
          env: env(14),
        })
      ).code,
    ).toBe(0);
    await a.choose('What now?', 'Later: go on to the next item');
    const after = await a.waitFor('? What now?');
    expect(after).not.toContain('[notify-city-attorney]');
    expect(after).toContain('Nothing is due for City Manager in the next 24 hours.');
    await a.choose('What now?', 'Quit');
    expect(await a.exit).toBe(0);
  });
});

describe('cic run without a terminal', () => {
  test('refuses with exit 2 and points to the non-interactive commands', async () => {
    const r = await runCic(['run', '--as', 'pio'], { cwd: root, env: env(20) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a terminal');
    expect(r.stderr).toContain('cic done ACTION');
    expect(r.stderr).toContain('cic run --view');
  });

  test('--view prints the runbook as Markdown without one', async () => {
    const r = await runCic(['run', '--view'], { cwd: root, env: env(20) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Runbook: incident 2026-0001, Officer-involved shooting, Forsyth and Hanley/);
    expect(r.stdout).toContain('### Release the holding statement');
    expect(r.stdout).toContain('`holding-statement` · statement · done Thu 2026-11-26 02:17 CST');
  });
});

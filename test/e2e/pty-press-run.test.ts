/**
 * The walk-through's press parts, through the real binary under a pseudo-terminal: the countdown
 * to a scheduled press briefing, the offer to record what was promised once it is marked held, and
 * the Board's walk-through (acknowledge the packet, then what a member has to know).
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { KEY, spawnCic, type Terminal } from './terminal.js';

const T0 = Date.parse('2026-11-26T08:00:00.000Z'); // 02:00 CST
const H = 60;
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
let ws: string;
const open: Terminal[] = [];

async function ok(minutes: number, ...args: string[]): Promise<void> {
  const r = await runCic(args, {
    cwd: ws,
    env: { CIC_NOW: iso(minutes), CIC_ROLE: undefined, CIC_NAME: undefined, CIC_WORKSPACE: undefined },
  });
  if (r.code !== 0) throw new Error(`cic ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
}

function run(minutes: number, role: string, name: string, args: string[] = []): Terminal {
  const t = spawnCic(['run', ...args], {
    cwd: ws,
    env: { CIC_NOW: iso(minutes), CIC_ROLE: role, CIC_NAME: name, CIC_WORKSPACE: undefined },
  });
  open.push(t);
  return t;
}

const logged = () =>
  readFileSync(join(ws, 'incidents', '2026-0001', 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (l) => JSON.parse(l) as { type: string; data: Record<string, unknown>; actor: { role: string; name: string } },
    );

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cic-press-run-'));
  expect((await runCic(['init', 'city', '--name', 'Jane Doe'], { cwd: dir })).code).toBe(0);
  ws = join(dir, 'city');
  await ok(
    0,
    'open',
    '--title',
    'Shooting',
    '--fact',
    'shots_fired_by_officer=yes',
    '--occurred-at',
    '2026-11-26 01:40',
    '--as',
    'city-manager',
  );
  await ok(30, 'schedule', 'press-briefing', '--at', '2026-11-26 10:00', '--place', 'City Hall', '--as', 'pio');
  // The playbook has the City Manager approve the briefing before it is recorded held.
  await ok(40, 'approve', 'press-briefing', '--as', 'city-manager', '--name', 'Pat Reyes');
  for (const a of ['notify-city-manager', 'coordinate-investigating-agency', 'notify-next-of-kin'])
    await ok(60, 'done', a, '--as', 'police-chief', '--name', 'Chief Ruiz');
  await ok(60, 'brief', 'board', '--to', 'Ald. Reyes', '--to', 'Ald. Chen', '--as', 'city-manager');
});

afterEach(() => {
  for (const t of open.splice(0)) t.kill();
});

describe('cic run and a press briefing', () => {
  test('counts down to the start, with the next step of the run of show', async () => {
    const t = run(7 * H, 'police-chief', 'Chief Ruiz', ['--role', 'police-chief']);
    await t.waitFor('What now?');
    expect(t.text).toContain('COUNTDOWN T−1:00  Hold a press briefing starts in 1 h, 10:00 CST at City Hall;');
    expect(t.text).toMatch(
      /next: T−2:00 Release the media advisory for the press briefing \(Police Public Information Officer\), overdue 1 h\./,
    );
    t.write(KEY.ctrlC);
    expect(await t.exited).toMatchObject({ exitCode: 130 });
  });

  test('marked held, it offers to record each promise made at the podium; then the countdown is gone', async () => {
    const t = run(9 * H, 'police-chief', 'Chief Ruiz', ['--role', 'police-chief']);
    await t.waitFor('What now?');
    expect(t.text).toContain('Hold a press briefing started 1 h ago at City Hall: when it ends, record it held');
    expect(t.text).toContain('Hold a press briefing');
    t.write(KEY.enter); // Mark it done
    await t.waitFor('When was it done?');
    t.write(`2026-11-26 10:45${KEY.enter}`);
    await t.waitFor('A note for the log');
    t.write(KEY.enter);
    await t.waitFor('Did an official promise anything at the podium?');
    expect(t.text).toContain('Recorded: Hold a press briefing done at 10:45');
    t.write(`release the video${KEY.enter}`);
    await t.waitFor('By when was it promised?');
    let mark = t.output.length;
    t.write(`tomorrow${KEY.enter}`); // refused in place, nothing recorded
    await t.waitFor('is not a time cic understands', mark);
    mark = t.output.length;
    t.write('\x7f'.repeat(8) + `2026-11-26 08:00${KEY.enter}`); // already passed: refused before any other question
    await t.waitFor('That time has passed', mark);
    t.write('\x7f'.repeat(16) + `2026-11-28 17:00${KEY.enter}`);
    await t.waitFor('Who said it?');
    t.write(`${KEY.down.repeat(5)}${KEY.enter}`); // Mayor
    await t.waitFor('Which role must keep it?');
    t.write(`${KEY.down.repeat(2)}${KEY.enter}`); // Chief of Police
    await t.waitFor('Recorded commitment 1: “release the video”');
    await t.waitFor('Did an official promise anything at the podium?', t.output.indexOf('Recorded commitment 1'));
    const after = t.output.length;
    t.write(KEY.enter); // nothing more
    await t.waitFor('What now?', after);
    expect(t.text.slice(t.text.lastIndexOf('Recorded commitment 1'))).not.toContain('COUNTDOWN');
    expect(t.text.slice(t.text.lastIndexOf('Recorded commitment 1'))).not.toContain('started 1 h ago');
    t.write(KEY.ctrlC);
    await t.exited;
    const made = logged().filter((e) => e.type === 'commitment.made');
    expect(made.map((e) => e.data)).toEqual([
      {
        commitment: 1,
        text: 'release the video',
        due: '2026-11-28T23:00:00.000Z',
        owner: 'police-chief',
        said_by: 'mayor',
        press: 'press-briefing',
      },
    ]);
    expect(made[0]!.actor.name).toBe('Chief Ruiz');
  });

  test("a member of the Board says who they are: the workspace's own name is not theirs", async () => {
    const t = spawnCic(['run', '--as', 'board'], {
      cwd: ws,
      env: { CIC_NOW: iso(9 * H + 20), CIC_ROLE: undefined, CIC_NAME: undefined, CIC_WORKSPACE: undefined },
    });
    open.push(t);
    await t.waitFor('Your name, for the log');
    t.write('\x7f'.repeat(8) + `Ald. Chen${KEY.enter}`);
    await t.waitFor('Acknowledge that you, Ald. Chen, received packet 1?');
    t.write(KEY.ctrlC);
    expect(await t.exited).toMatchObject({ exitCode: 130 });
    expect(logged().filter((e) => e.type === 'board.acknowledged')).toEqual([]);
  });

  test("the Board's walk-through: acknowledge the packet, then the board's lines; the second time, nothing to acknowledge", async () => {
    const t = run(9 * H + 30, 'board', 'Ald. Reyes');
    await t.waitFor('Acknowledge that you, Ald. Reyes, received packet 1?');
    expect(t.text).toContain('Briefing packet 1 (as of 03:00 CST) was sent to Ald. Reyes, Ald. Chen.');
    t.write(KEY.enter); // yes
    await t.waitFor('What now?');
    expect(t.text).toContain('Acknowledged packet 1.');
    expect(t.text).toContain('FOR THE BOARD OF ALDERMEN');
    expect(t.text).toContain('Ald. Reyes acknowledged 11:30 CST');
    expect(t.text).toContain('not yet acknowledged: Ald. Chen');
    expect(t.text).toContain('RSMo 610.025');
    t.write(`${KEY.down.repeat(2)}${KEY.enter}`); // Quit
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    const acks = logged().filter((e) => e.type === 'board.acknowledged');
    expect(acks.map((e) => [e.data.packet, e.actor.role, e.actor.name])).toEqual([[1, 'board', 'Ald. Reyes']]);

    const again = run(9 * H + 40, 'board', 'Ald. Reyes');
    await again.waitFor('What now?');
    expect(again.text).not.toContain('Acknowledge that you');
    expect(again.text).toContain('FOR THE BOARD OF ALDERMEN');
    again.write(KEY.ctrlC);
    await again.exited;
  });
});

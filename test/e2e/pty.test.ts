/**
 * Through a real pseudo-terminal: the classification questions of `cic open` answered with keys,
 * Ctrl+C at a prompt leaving nothing behind, closing with open items confirmed at the terminal,
 * and `status --watch` redrawing when another process records something, until Ctrl+C.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { KEY, plain, spawnCic, type Terminal } from './terminal.js';

const NOW = '2026-11-26T08:00:00.000Z'; // 02:00 CST
const env = { CIC_NOW: NOW, CIC_ROLE: 'city-manager', CIC_NAME: 'Jane Doe', CIC_WORKSPACE: undefined };
const open: Terminal[] = [];

async function workspace(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cic-pty-'));
  expect((await runCic(['init', 'city'], { cwd: dir })).code).toBe(0);
  return join(dir, 'city');
}

function spawn(args: string[], cwd: string, extra: Record<string, string | undefined> = {}): Terminal {
  const t = spawnCic(args, { cwd, env: { ...env, ...extra } });
  open.push(t);
  return t;
}

const logLines = (ws: string, id = '2026-0001') =>
  readFileSync(join(ws, 'incidents', id, 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
const incidents = (ws: string) => (existsSync(join(ws, 'incidents')) ? readdirSync(join(ws, 'incidents')) : []);

afterEach(() => {
  for (const t of open.splice(0)) t.kill();
});

describe('cic open at a terminal', () => {
  test('asks the title, the time, and the questions until the tier is settled: Tier 1 on the first', async () => {
    const ws = await workspace();
    const t = spawn(['open'], ws);
    await t.waitFor('Title');
    t.write(`Shooting at Forsyth and Hanley${KEY.enter}`);
    await t.waitFor('When did it happen?');
    t.write(KEY.enter); // now
    const from = t.output.length;
    await t.waitFor('(1/13) Did a police officer fire a gun at a person');
    t.write(KEY.up); // "Yes" takes a deliberate key: the cursor starts on "No"
    await t.waitFor('❯ Yes', from);
    t.write(KEY.enter);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect(t.text).toContain('That settles it: Tier 1 - Critical.');
    expect(t.text).toContain('Tier: Tier 1 - Critical (tier-1)');
    expect(t.text).toContain('Why: matched because any of: shots_fired_by_officer is true');
    expect(t.text).not.toContain('(2/13)');
    expect(logLines(ws).map((l) => JSON.parse(l).type)).toEqual([
      'incident.opened',
      'fact.recorded',
      'incident.classified',
    ]);
  });

  test('Enter alone never answers "yes": every severe-outcome question is answered no, and no tier is picked by hand', async () => {
    const ws = await workspace();
    const t = spawn(['open', '--title', 'Something happened'], ws);
    await t.waitFor('When did it happen?');
    t.write(KEY.enter);
    // Whatever is asked, only Enter: the booleans start on "No", the choices on their first
    // (least severe) value; the pursuit question is not asked once nobody is injured.
    for (let n = 1; n <= 12; n++) {
      await t.waitFor(`(${n}/13)`);
      t.write(KEY.enter);
    }
    await t.waitFor('Open it at a tier chosen by hand?');
    expect(t.text).toContain("No tier's definition matches these answers.");
    expect(t.text).toMatch(/❯ Do not open an incident/);
    t.write(KEY.enter);
    expect(await t.exited).toMatchObject({ exitCode: 130 });
    expect(t.text).toContain('Not opened: no tier matches and none was chosen. Nothing was recorded.');
    expect(incidents(ws)).toEqual([]);
    // What each Enter chose, read back from the screen: never "Yes", never a tier.
    for (const question of [
      'Did a police officer fire a gun at a person, whether or not anyone was hit?',
      'Did someone die in police custody',
      'Did an officer use physical force',
      'Was an officer seriously injured',
    ])
      expect(t.text).toMatch(new RegExp(`${question.replace(/[?()]/g, '\\$&')}.*No`));
    expect(t.text).toMatch(/What is the most serious injury to a member of the public\? none/);
    expect(t.text).not.toMatch(/\? Yes$/m);
  });

  test('answers with the arrow keys: no force, no injury, a bias complaint → Tier 3', async () => {
    const ws = await workspace();
    const t = spawn(['open', '--title', 'Stop of ten students'], ws);
    await t.waitFor('When did it happen?');
    t.write(`2026-11-26 01:30${KEY.enter}`);
    const no = async (question: string) => {
      const from = t.output.length;
      await t.waitFor(question, 0);
      await t.waitFor('❯ No', from); // where the cursor starts
      t.write(KEY.enter);
    };
    await no('(1/13)');
    await no('(2/13)');
    await no('(3/13) Did an officer use physical force');
    await t.waitFor('(4/13) What is the most serious injury');
    t.write(KEY.enter); // none
    // The pursuit question no longer matters once nobody is injured: it is not asked.
    await no('(5/13) Was an officer seriously injured');
    await no('(6/13) Did a person escape');
    await t.waitFor('(7/13) Has anyone complained');
    t.write(KEY.up); // Yes
    await t.waitFor('❯ Yes');
    t.write(KEY.enter);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect(t.text).not.toContain('Was there a police vehicle pursuit');
    expect(t.text).toContain('Tier: Tier 3 - Community trust (tier-3)');
    expect(t.text).toContain('Why: matched because any of: bias_complaint is true');
    const entries = logLines(ws).map((l) => JSON.parse(l));
    expect(entries[0].data.occurred_at).toBe('2026-11-26T07:30:00.000Z');
    expect(entries.filter((e) => e.type === 'fact.recorded').map((e) => [e.data.fact, e.data.value])).toEqual([
      ['shots_fired_by_officer', false],
      ['death_in_custody', false],
      ['force_used', false],
      ['injury_level', 'none'],
      ['officer_seriously_injured', false],
      ['escape_from_custody', false],
      ['bias_complaint', true],
    ]);
  });

  test('Ctrl+C at a question exits 130 and leaves no incident behind', async () => {
    const ws = await workspace();
    const t = spawn(['open', '--title', 'Something'], ws);
    await t.waitFor('When did it happen?');
    t.write(KEY.enter);
    await t.waitFor('(1/13)');
    t.write(KEY.ctrlC);
    expect(await t.exited).toMatchObject({ exitCode: 130 });
    expect(t.text).toContain('nothing was recorded');
    expect(incidents(ws)).toEqual([]);
  });
});

describe('cic close at a terminal', () => {
  test('lists the open items, asks, and records the reason given', async () => {
    const ws = await workspace();
    expect((await runCic(['open', '--title', 'x', '--tier', 'tier-3'], { cwd: ws, env })).code).toBe(0);
    const t = spawn(['close'], ws);
    await t.waitFor('Close anyway?');
    expect(t.text).toContain('required items still open');
    expect(t.text).toMatch(/02:15 CST\s+\(in 15 min\)\s+Chief notifies the City Manager \[notify-city-manager\]/);
    t.write(`y${KEY.enter}`);
    await t.waitFor('Why close with these items open?');
    t.write(`Handed to the County${KEY.enter}`);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    const closed = JSON.parse(logLines(ws).at(-1)!);
    expect(closed).toMatchObject({ type: 'incident.closed', data: { forced: false, reason: 'Handed to the County' } });
    expect(closed.data.left_open.length).toBeGreaterThan(0);
  });

  test('answering no writes nothing (exit 130)', async () => {
    const ws = await workspace();
    expect((await runCic(['open', '--title', 'x', '--tier', 'tier-3'], { cwd: ws, env })).code).toBe(0);
    const t = spawn(['close'], ws);
    await t.waitFor('Close anyway?');
    t.write(`n${KEY.enter}`);
    expect(await t.exited).toMatchObject({ exitCode: 130 });
    expect(logLines(ws)).toHaveLength(2);
  });
});

describe('cic status --watch', () => {
  test('redraws in place when another process records, and Ctrl+C ends it cleanly', async () => {
    const ws = await workspace();
    expect(
      (await runCic(['open', '--title', 'Shooting', '--tier', 'tier-1', '--reason', 'test'], { cwd: ws, env })).code,
    ).toBe(0);
    const t = spawn(['status', '--watch'], ws, { CIC_NOW: '2026-11-26T08:20:00.000Z' });
    await t.waitFor('watching · Ctrl+C to stop');
    expect(t.output).toContain('\x1b[?25l'); // cursor hidden while drawing
    expect(t.text).toMatch(/OVERDUE \(1\)[\s\S]*overdue 5 min\s+Chief notifies the City Manager/);
    expect(t.text).not.toContain('DONE AND SKIPPED');

    const from = t.output.length;
    const done = await runCic(['done', 'notify-city-manager', '--as', 'police-chief'], {
      cwd: ws,
      env: { ...env, CIC_NOW: '2026-11-26T08:20:00.000Z' },
    });
    expect(done.code).toBe(0);
    await t.waitFor(/DONE AND SKIPPED[\s\S]*late 5 min\s+Chief notifies the City Manager/, from);
    expect(t.output.slice(from)).toContain('\x1b[H'); // repainted from the top, not appended
    expect(plain(t.output.slice(from))).not.toContain('OVERDUE');

    t.write(KEY.ctrlC);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect(t.output.trimEnd().endsWith('\x1b[?25h')).toBe(true); // the cursor is back
  });
});

describe('colour at a terminal', () => {
  test('status is in colour on a terminal; NO_COLOR turns it off (negative control)', async () => {
    const ws = await workspace();
    const opened = await runCic(['open', '--title', 'Test', '--tier', 'tier-1', '--reason', 'test'], { cwd: ws, env });
    expect(opened.code).toBe(0);
    // chalk turns colour off under a CI variable it does not know; a person's terminal has none.
    const coloured = spawn(['status'], ws, { NO_COLOR: undefined, CI: undefined });
    expect(await coloured.exited).toMatchObject({ exitCode: 0 });
    const sgr = /\x1b\[[0-9;]*m/;
    expect(coloured.output).toMatch(sgr);
    const plainText = spawn(['status'], ws, { NO_COLOR: '1' });
    expect(await plainText.exited).toMatchObject({ exitCode: 0 });
    expect(plainText.output).not.toMatch(sgr);
    expect(plain(coloured.output)).toContain('Incident 2026-0001');
  });
});

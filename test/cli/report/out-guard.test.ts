/**
 * `--out` of `cic calendar` and `cic report` through the real binary: nothing inside incidents/
 * but the incident's own reports/, never cic.yaml, a log, a lock or a frozen playbook, and no
 * existing file cic did not write unless --force. Each refusal is checked to leave the file's
 * bytes as they were; the controls show that the same commands do write where they may.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeWorkspace, type Ws } from './workspace.js';

let ws: Ws;
let outside: string;

beforeAll(async () => {
  ws = await makeWorkspace();
  outside = mkdtempSync(join(tmpdir(), 'cic-out-guard-'));
});
afterAll(() => {
  ws?.remove();
  if (outside) rmSync(outside, { recursive: true, force: true });
});

const inc = (...parts: string[]) => join('incidents', ws.id, ...parts);

/** Expect the command refused with exit 2 and `file` (relative to the workspace) unchanged. */
async function refused(args: string[], file: string, pattern: RegExp) {
  const path = join(ws.root, file);
  const before = existsSync(path) ? readFileSync(path) : undefined;
  const r = await ws.cic(args, { at: '02:20' });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(pattern) });
  expect(r.stderr).not.toContain('bug in cic');
  if (before === undefined) expect(existsSync(path)).toBe(false);
  else expect(readFileSync(path).equals(before)).toBe(true);
  return r;
}

describe('cic calendar --out', () => {
  test.each([
    ['the log', () => inc('log.jsonl')],
    ['the frozen playbook', () => inc('playbook.yaml')],
    ['the lock', () => inc('log.jsonl.lock')],
    ['a draft folder', () => inc('drafts', 'x.ics')],
    ['the incident folder', () => inc('deadlines.ics')],
    ['cic.yaml', () => 'cic.yaml'],
    ["the workspace's playbook", () => 'playbook.yaml'],
  ])('refuses %s', async (_what, file) => {
    await refused(['calendar', ws.id, '--out', file()], file(), /--out|refus/);
    expect((await ws.cic(['verify', ws.id])).code).toBe(0);
  });

  test('refuses the log even with --force, and through a symbolic link to the incident folder', async () => {
    await refused(['calendar', ws.id, '--out', inc('log.jsonl'), '--force'], inc('log.jsonl'), /log/);
    symlinkSync(join(ws.root, 'incidents', ws.id), join(ws.root, 'shortcut'));
    await refused(['calendar', ws.id, '--out', 'shortcut/log.jsonl'], inc('log.jsonl'), /incidents|log/);
    await refused(['calendar', ws.id, '--out', 'shortcut/notes.ics', '--force'], inc('notes.ics'), /incidents/);
    expect((await ws.cic(['verify', ws.id])).code).toBe(0);
  });

  test("refuses another incident's reports/ folder", async () => {
    mkdirSync(join(ws.root, 'incidents', '2026-0999', 'reports'), { recursive: true });
    await refused(
      ['calendar', ws.id, '--out', join('incidents', '2026-0999', 'reports', 'x.ics')],
      join('incidents', '2026-0999', 'reports', 'x.ics'),
      /reports/,
    );
  });

  test('an existing file cic did not write is refused without --force, replaced with it', async () => {
    writeFileSync(join(ws.root, 'notes.txt'), 'my own notes\n');
    const r = await refused(['calendar', ws.id, '--out', 'notes.txt'], 'notes.txt', /notes\.txt/);
    expect(r.stderr).toContain('--force');
    await ws.ok(['calendar', ws.id, '--out', 'notes.txt', '--force'], { at: '02:20' });
    expect(readFileSync(join(ws.root, 'notes.txt'), 'utf8')).toMatch(/^BEGIN:VCALENDAR/);
  });

  test("control: a calendar cic wrote is replaced, and the incident's own reports/ may hold one", async () => {
    await ws.ok(['calendar', ws.id, '--out', 'again.ics'], { at: '02:20' });
    await ws.ok(['calendar', ws.id, '--out', 'again.ics'], { at: '02:21' });
    await ws.ok(['calendar', ws.id, '--out', inc('reports', 'deadlines.ics')], { at: '02:21' });
    await ws.ok(['calendar', ws.id, '--out', inc('reports', 'deadlines.ics')], { at: '02:22' });
    await ws.ok(['calendar', ws.id, '--out', join(outside, 'deadlines.ics')], { at: '02:22' });
    expect(readFileSync(join(ws.root, inc('reports', 'deadlines.ics')), 'utf8')).toMatch(/^BEGIN:VCALENDAR/);
  });
});

describe('cic report --out', () => {
  test('refuses the incident folder itself, cic.yaml-bearing folders and the drafts', async () => {
    await refused(['report', ws.id, '--out', inc()], inc(`report-${ws.id}.md`), /incidents/);
    await refused(['report', ws.id, '--out', inc('drafts')], inc('drafts', `report-${ws.id}.md`), /incidents/);
    await refused(['report', ws.id, '--out', 'incidents'], join('incidents', `report-${ws.id}.md`), /incidents/);
  });

  test('an existing report file cic did not write is refused without --force; nothing of the report is written', async () => {
    const dir = join(outside, 'mixed');
    mkdirSync(dir);
    writeFileSync(join(dir, `report-${ws.id}.csv`), 'budget,2026\n');
    const r = await ws.cic(['report', ws.id, '--out', dir], { at: '02:20' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(join(dir, `report-${ws.id}.csv`), 'utf8')).toBe('budget,2026\n');
    expect(existsSync(join(dir, `report-${ws.id}.md`))).toBe(false);
    await ws.ok(['report', ws.id, '--out', dir, '--force'], { at: '02:20' });
    expect(readFileSync(join(dir, `report-${ws.id}.csv`), 'utf8')).toContain('"incident","action"');
    // control: a report cic wrote is replaced without --force
    await ws.ok(['report', ws.id, '--out', dir], { at: '02:21' });
    await ws.ok(['report', ws.id], { at: '02:21' });
    await ws.ok(['report', ws.id], { at: '02:22' });
  });

  test('a reports/ folder that is a symbolic link out of the workspace is refused', async () => {
    const away = join(outside, 'away');
    mkdirSync(away);
    rmSync(join(ws.root, inc('reports')), { recursive: true, force: true });
    symlinkSync(away, join(ws.root, inc('reports')));
    const r = await ws.cic(['report', ws.id], { at: '02:20' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/outside the workspace/);
    const c = await ws.cic(['calendar', ws.id, '--out', inc('reports', 'd.ics')], { at: '02:20' });
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/outside the workspace/);
    expect(existsSync(join(away, `report-${ws.id}.md`))).toBe(false);
    expect(existsSync(join(away, 'd.ics'))).toBe(false);
  });
});

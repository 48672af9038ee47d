/**
 * The log is the record of every text: each version's words are in its `statement.drafted`
 * entry; the files in drafts/ are copies that can be edited, lost or deleted without losing a
 * version. Through the real binary.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { esc } from '../../../src/core/report/html-escape.js';
import type { Report } from '../../../src/core/report/model.js';
import { mdVerbatim } from '../../../src/core/report/render-md.js';
import { HOLDING_FACTS, tier1Incident, type Incident } from './helpers.js';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
type Drafted = { data: { version: number; text: string; sha256: string } };

let inc: Incident;
beforeEach(async () => {
  inc = await tier1Incident();
  await inc.ok(5, 'pio', 'draft', 'holding-statement', ...HOLDING_FACTS);
});

const draftedEntries = () => inc.log().filter((e) => e.type === 'statement.drafted') as unknown as Drafted[];

describe('every version keeps its words', () => {
  test('the drafted entry holds the whole text, and its sha256 is the text’s', () => {
    const [v1] = draftedEntries();
    expect(v1!.data.text).toBe(inc.draft(1));
    expect(v1!.data.sha256).toBe(sha(v1!.data.text));
  });

  test('edit, register, delete every file: --show prints each version’s exact words from the log', async () => {
    const v1Words = inc.draft(1);
    appendFileSync(inc.draftPath(1), '\nWe ask anyone with video to contact the department.\n');
    const edited = inc.draft(1);
    await inc.ok(8, 'pio', 'draft', 'holding-statement', '--register');
    // v1's file shows v1 again; v2 holds the edit; both texts are in the log.
    expect(inc.draft(1)).toBe(v1Words);
    expect(inc.draft(2)).toBe(edited);
    expect(draftedEntries().map((e) => e.data.text)).toEqual([v1Words, edited]);

    for (const name of readdirSync(join(inc.dir, 'drafts'))) rmSync(join(inc.dir, 'drafts', name));
    const show1 = await inc.ok(9, undefined, 'statements', 'holding-statement', '--show', '1');
    expect(show1.stdout).toBe(v1Words.endsWith('\n') ? v1Words : `${v1Words}\n`);
    const show2 = JSON.parse(
      (await inc.ok(9, undefined, 'statements', 'holding-statement', '--show', '2', '--json')).stdout,
    ) as { text: string; sha256: string; version: number };
    expect(show2).toMatchObject({ version: 2, text: edited, sha256: sha(edited) });

    const listed = await inc.ok(9, undefined, 'statements', 'holding-statement');
    expect(listed.stdout).toContain('file missing');
    expect(listed.stdout).toContain('cic statements holding-statement --show 2');
    expect(listed.stdout).not.toContain('--register');

    // The next statement command writes the missing copies again from the log.
    const approved = await inc.ok(10, 'police-chief', 'approve', 'holding-statement');
    expect(approved.stdout).toContain('Wrote drafts/holding-statement.v1.md again from the log.');
    expect(inc.draft(1)).toBe(v1Words);
    expect(inc.draft(2)).toBe(edited);
  });

  test('--show of a version that does not exist, or without a statement, is refused (exit 2)', async () => {
    const none = await inc.cic(9, undefined, 'statements', 'holding-statement', '--show', '3');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('has no version 3; its versions are v1');
    const which = await inc.cic(9, undefined, 'statements', '--show', '1');
    expect(which.code).toBe(2);
    expect(which.stderr).toContain('--show needs a statement');
    const bad = await inc.cic(9, undefined, 'statements', 'holding-statement', '--show', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--show "x" is not a version number');
  });
});

describe('cic verify and cic statements on draft files', () => {
  test('a copy that differs from its logged words is a warning on its own line, not an integrity failure', async () => {
    const clean = await inc.ok(9, undefined, 'verify');
    expect(clean.stdout).not.toContain('warning');

    await inc.ok(10, 'police-chief', 'approve', 'holding-statement');
    await inc.ok(11, 'city-manager', 'approve', 'holding-statement');
    await inc.ok(12, 'pio', 'release', 'holding-statement', '--channel', 'city-website');
    appendFileSync(inc.draftPath(1), 'A sentence nobody approved.\n');
    writeFileSync(join(inc.dir, 'drafts', 'holding-statement.v9.md'), 'stray\n');

    const warned = await inc.cic(13, undefined, 'verify');
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('the log verifies');
    const lines = warned.stdout.split('\n');
    expect(lines).toContain(
      'warning: drafts/holding-statement.v1.md differs from the words the log holds for it (the log is the record; the file is a copy)',
    );
    expect(
      lines.some((l) => l.startsWith('warning: drafts/holding-statement.v9.md is not a version the log holds')),
    ).toBe(true);
    const json = JSON.parse((await inc.ok(13, undefined, 'verify', '--json')).stdout) as {
      ok: boolean;
      draft_files: unknown[];
    };
    expect(json.ok).toBe(true);
    expect(json.draft_files).toEqual([
      { file: 'drafts/holding-statement.v1.md', problem: 'differs' },
      { file: 'drafts/holding-statement.v9.md', problem: 'not logged' },
    ]);

    // Released: the statements view does not offer --register, it points at the logged words.
    const listed = await inc.ok(13, undefined, 'statements');
    expect(listed.stdout).toContain('FILE CHANGED since drafted');
    expect(listed.stdout).toContain('cic statements holding-statement --show 1');
    expect(listed.stdout).not.toContain('--register');
  });

  test('an unreleased statement’s changed current file is offered --register (the negative control)', async () => {
    appendFileSync(inc.draftPath(1), 'More.\n');
    const listed = await inc.ok(9, undefined, 'statements');
    expect(listed.stdout).toContain('register it as a new version: cic draft holding-statement --register');
  });
});

describe('the clerk’s proof', () => {
  test('draft, edit, register, approve, release, delete drafts/: every report format still has each version’s words and approvers', async () => {
    const v1 = inc.draft(1);
    await inc.ok(6, 'police-chief', 'approve', 'holding-statement');
    writeFileSync(inc.draftPath(1), v1.replace('Forsyth Boulevard', 'Forsyth Blvd.'));
    const v2 = inc.draft(1);
    await inc.ok(8, 'pio', 'draft', 'holding-statement', '--register');
    await inc.ok(10, 'police-chief', 'approve', 'holding-statement');
    await inc.ok(11, 'city-manager', 'approve', 'holding-statement');
    await inc.ok(12, 'pio', 'release', 'holding-statement', '--channel', 'city-website');
    rmSync(join(inc.dir, 'drafts'), { recursive: true, force: true });

    await inc.ok(20, undefined, 'report');
    const read = (ext: string) => readFileSync(join(inc.dir, 'reports', `report-2026-0001.${ext}`), 'utf8');
    const md = read('md');
    const html = read('html');
    const json = JSON.parse(read('json')) as Report;
    const csv = read('csv');

    // JSON: both versions' exact words, and who approved which.
    const holding = json.statements.find((s) => s.statement === 'holding-statement')!;
    expect(holding.versions.map((v) => v.text)).toEqual([v1, v2]);
    expect(holding.approvals.map((a) => [a.version, a.by.name, a.role.id])).toEqual([
      [1, 'police-chief person', 'police-chief'],
      [2, 'police-chief person', 'police-chief'],
      [2, 'city-manager person', 'city-manager'],
    ]);
    // Markdown: each version's words, line for line, as an indented block; the approvers by name.
    for (const text of [v1, v2]) expect(md).toContain(mdVerbatim(text));
    expect(md).toMatch(/Approved: police-chief person as Chief of Police, [^;]+; city-manager person as City Manager/);
    // HTML: each version's words in a <pre>, and the approvers.
    for (const text of [v1, v2]) expect(html).toContain(`<pre class="words">${esc(text)}</pre>`);
    expect(html).toContain('police-chief person as Chief of Police');
    // CSV: the released version's digest and where its words are.
    expect(csv).toContain(sha(v2));
    expect(csv).toContain('cic statements holding-statement --show 2');
    // Negative control: v1's words differ from v2's, so the checks above tell them apart.
    expect(v1).not.toBe(v2);
  });
});

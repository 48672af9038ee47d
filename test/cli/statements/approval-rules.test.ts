/**
 * The approval rules through the real binary, as given / when / then: wrong role (exit 4), a
 * stale version (exit 2), release without every approval (exit 2), a draft edited on disk after
 * approval (refused until registered, which voids the approvals), a sensitive fact before its
 * release time (blocks approval; the same draft after it does not).
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { HOLDING_FACTS, tier1Incident, type Incident } from './helpers.js';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let inc: Incident;
beforeEach(async () => {
  inc = await tier1Incident();
});

describe('drafting', () => {
  test('given missing required facts and no terminal, draft refuses (exit 2), lists them and writes nothing', async () => {
    const before = inc.logBytes();
    const r = await inc.cic(5, 'pio', 'draft', 'holding-statement');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('incident_summary: What happened');
    expect(r.stderr).toContain('info_url');
    expect(r.stderr).toContain('--fact KEY=VALUE');
    expect(inc.logBytes().equals(before)).toBe(true);
    expect(() => inc.draft(1)).toThrow();
  });

  test('given the facts, draft records them and v1 in one append; the file is what the log hashed', async () => {
    const r = await inc.ok(5, 'pio', 'draft', 'holding-statement', ...HOLDING_FACTS);
    expect(r.stdout).toContain(`Drafted v1 of holding-statement: incidents/2026-0001/drafts/holding-statement.v1.md`);
    const text = inc.draft(1);
    expect(text).toContain('Our next update will be at 06:00 CST on Thursday, Nov 26');
    const log = inc.log();
    const appended = log.filter((e) => e.at === log.at(-1)!.at);
    expect(appended.map((e) => e.type)).toEqual([
      'fact.recorded',
      'fact.recorded',
      'fact.recorded',
      'fact.recorded',
      'statement.drafted',
    ]);
    const drafted = log.at(-1)! as {
      data: { sha256: string; version: number; checks: unknown[]; facts: Record<string, unknown> };
    };
    expect(drafted.data.sha256).toBe(sha(text));
    expect(drafted.data.checks).toEqual([]);
    expect(Object.keys(drafted.data.facts).sort()).toEqual([
      'incident_location',
      'incident_summary',
      'info_url',
      'next_update_at',
    ]);
    expect(r.stdout).toContain('Ready for approval by Chief of Police (police-chief) and City Manager (city-manager)');
  });

  test('drafting the same text again is refused: a new version would void approvals for nothing', async () => {
    await inc.ok(5, 'pio', 'draft', 'holding-statement', ...HOLDING_FACTS);
    const r = await inc.cic(6, 'pio', 'draft', 'holding-statement');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('word for word v1');
    expect(() => inc.draft(2)).toThrow();
  });

  test('a statement id that is not a statement, or not a slug, is refused before any file is touched', async () => {
    expect((await inc.cic(5, 'pio', 'draft', 'brief-mayor-board')).stderr).toContain('no template');
    const bad = await inc.cic(5, 'pio', 'draft', '../../etc/passwd');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an action');
  });
});

describe('approving and releasing', () => {
  beforeEach(async () => {
    await inc.ok(5, 'pio', 'draft', 'holding-statement', ...HOLDING_FACTS);
  });

  test('given a role that is not an approver, approve is refused with exit 4 naming who may', async () => {
    const before = inc.logBytes();
    const r = await inc.cic(10, 'pio', 'approve', 'holding-statement');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('its approvers are police-chief, city-manager');
    expect(inc.logBytes().equals(before)).toBe(true);
    const mayor = await inc.cic(10, 'mayor', 'reject', 'holding-statement', '--reason', 'no');
    expect(mayor.code).toBe(4);
  });

  test('a deputy approves for the role it acts for (the negative control to exit 4)', async () => {
    const r = await inc.ok(10, 'assistant-city-manager', 'approve', 'holding-statement');
    expect(r.stdout).toContain('acting for City Manager (city-manager)');
  });

  test('given v2, approving v1 is refused (exit 2): approvals bind to one text', async () => {
    await inc.ok(
      10,
      'pio',
      'draft',
      'holding-statement',
      '--fact',
      'incident_location=Forsyth Boulevard at Hanley Road',
    );
    // `--version=1`: until cli.ts stops the program's own --version from taking `--version 1`.
    const r = await inc.cic(11, 'police-chief', 'approve', 'holding-statement', '--version=1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not the current draft (v2 is)');
    await inc.ok(12, 'police-chief', 'approve', 'holding-statement', '--version=2');
  });

  test('release without every approval is refused (exit 2); with both it releases and completes the action in the same append', async () => {
    await inc.ok(10, 'police-chief', 'approve', 'holding-statement');
    const early = await inc.cic(11, 'pio', 'release', 'holding-statement', '--channel', 'city-website');
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('needs approval from city-manager (1 of 2 approved: police-chief)');
    await inc.ok(12, 'city-manager', 'approve', 'holding-statement');
    const wrongChannel = await inc.cic(13, 'pio', 'release', 'holding-statement', '--channel', 'tv');
    expect(wrongChannel.code).toBe(2);
    expect(wrongChannel.stderr).toContain('its channels are city-website, social-media, media-email-list');
    const r = await inc.ok(
      13,
      'pio',
      'release',
      'holding-statement',
      '--channel',
      'city-website',
      '--channel',
      'social-media',
    );
    expect(r.stdout).toContain('Released v1 of holding-statement on city-website, social-media');
    expect(r.stdout).toContain('as done at 02:18 CST, on time');
    const [released, completed] = inc.log().slice(-2);
    expect(released!.type).toBe('statement.released');
    expect(completed!.type).toBe('action.completed');
    expect(completed!.data).toMatchObject({ action: 'holding-statement', occurrence: 0 });
    expect(completed!.seq).toBe(released!.seq + 1);
    expect(completed!.at).toBe(released!.at);
    expect((released!.data as { sha256: string }).sha256).toBe(sha(inc.draft(1)));
    // A later release on another channel does not complete it twice.
    await inc.ok(20, 'pio', 'release', 'holding-statement', '--channel', 'media-email-list');
    expect(inc.log().at(-1)!.type).toBe('statement.released');
  });

  test('a draft edited on disk after approval: approve and release refused; --register makes v2 and voids the approvals', async () => {
    await inc.ok(10, 'police-chief', 'approve', 'holding-statement');
    appendFileSync(inc.draftPath(1), '\nThe officer acted within policy.\n');
    const approve = await inc.cic(11, 'city-manager', 'approve', 'holding-statement');
    expect(approve.code).toBe(2);
    expect(approve.stderr).toContain('was changed outside cic');
    expect(approve.stderr).toContain('cic draft holding-statement --register');
    const statements = await inc.ok(11, undefined, 'statements');
    expect(statements.stdout).toContain('FILE CHANGED since drafted');

    const reg = await inc.ok(12, 'pio', 'draft', 'holding-statement', '--register');
    expect(reg.stdout).toContain('Registered the edited text as v2');
    // The flagged phrase is warned about at its line.
    expect(reg.stdout).toMatch(/drafts\/holding-statement\.v2\.md:17: warning: "within policy" is flagged/);
    expect(inc.draft(2)).toContain('The officer acted within policy.');
    const drafted = inc.log().at(-1)! as { data: { version: number; source: string; sha256: string } };
    expect(drafted.data).toMatchObject({ version: 2, source: 'edited', sha256: sha(inc.draft(2)) });

    // The chief's approval was of v1: v2 needs both again.
    const release = await inc.cic(13, 'pio', 'release', 'holding-statement', '--channel', 'city-website');
    expect(release.code).toBe(2);
    expect(release.stderr).toContain('0 of 2 approved');
    const json = JSON.parse((await inc.ok(13, undefined, 'statements', '--json')).stdout);
    const holding = json.statements.find((s: { statement: string }) => s.statement === 'holding-statement');
    expect(holding.status).toBe('awaiting approval (0 of 2)');
    expect(holding.approvals).toEqual([expect.objectContaining({ version: 1, role: 'police-chief', current: false })]);
    // v1's file holds v1's logged words again; the edit lives on as v2 (and in the log).
    expect(holding.versions.map((v: { file_state: string }) => v.file_state)).toEqual(['ok', 'ok']);
    expect(inc.draft(1)).not.toContain('within policy');
    expect(sha(inc.draft(1))).toBe(
      (inc.log().find((e) => e.type === 'statement.drafted')!.data as { sha256: string }).sha256,
    );

    const approved = await inc.ok(14, 'police-chief', 'approve', 'holding-statement');
    expect(approved.stdout).toContain('warning recorded with this approval: line 17:');
    expect((inc.log().at(-1)!.data as { warnings: string[] }).warnings).toHaveLength(1);
  });

  test('registering an unchanged file is refused: there is nothing new', async () => {
    const r = await inc.cic(10, 'pio', 'draft', 'holding-statement', '--register');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has not changed since v1');
  });
});

describe('a sensitive fact before its release time', () => {
  test('officer names in a draft before 48 hours after next of kin: an error at its line, and approval is blocked', async () => {
    await inc.ok(1, 'police-chief', 'fact', 'set', 'officer_names=Sgt. John Smith, 12 years');
    const summary = 'incident_summary=Sergeant Smith fired his weapon during a traffic stop at approximately 1:40 a.m.';
    const facts = HOLDING_FACTS.map((f) => (f.startsWith('incident_summary=') ? summary : f));
    const r = await inc.ok(5, 'pio', 'draft', 'holding-statement', ...facts);
    expect(r.stdout).toMatch(
      /drafts\/holding-statement\.v1\.md:4: error: officer_names may not be released yet \(not before 48 hours after action notify-next-of-kin is done/,
    );
    expect(r.stdout).toContain('"Smith"');
    const approve = await inc.cic(10, 'police-chief', 'approve', 'holding-statement');
    expect(approve.code).toBe(2);
    expect(approve.stderr).toContain('check error');

    // The negative control: 48 hours after next of kin were told, the same words are allowed.
    await inc.ok(20, 'police-chief', 'done', 'notify-next-of-kin');
    const later = 20 + 48 * 60 + 1;
    const redraft = await inc.ok(
      later,
      'pio',
      'draft',
      'holding-statement',
      '--fact',
      'next_update_at=2026-11-28 06:00',
    );
    expect(redraft.stdout).not.toContain('error:');
    await inc.ok(later + 1, 'police-chief', 'approve', 'holding-statement');
  });
});

/**
 * The guarantee "everything bundled validates": every playbooks/*.yaml loads with zero problems,
 * and the things the bundled plans promise (accurate holidays, cited sources, statements whose
 * templates pass their own checks) hold. A broken copy is refused, so the loading test can fail.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProblemsError } from '../../../src/core/errors.js';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { checkDraft } from '../../../src/core/statements/checks.js';
import { placeholders, render } from '../../../src/core/statements/render.js';

const dir = fileURLToPath(new URL('../../../playbooks/', import.meta.url));
const bundled = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

async function problemsOf(file: string): Promise<string[]> {
  try {
    await loadPlaybook(file);
    return [];
  } catch (err) {
    if (err instanceof ProblemsError) return err.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    throw err;
  }
}

describe('every bundled playbook', () => {
  test('there are bundled playbooks to check', () => {
    expect(bundled).toEqual(expect.arrayContaining(['clayton-mo.yaml', 'generic.yaml']));
  });

  test.each(bundled)('%s loads with zero problems', async (name) => {
    expect(await problemsOf(join(dir, name))).toEqual([]);
  });

  test.each(bundled)('%s starts with the schema modeline', (name) => {
    const first = readFileSync(join(dir, name), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=../schemas/playbook.schema.json');
  });
});

describe('the loading test can fail', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'cic-bundled-'));
    cpSync(dir, scratch, { recursive: true });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('a copy with an unknown owner is refused at that line', async () => {
    const file = join(scratch, 'clayton-mo.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('owner: city-clerk', 'owner: city-clark'));
    const problems = await problemsOf(file);
    expect(problems.length).toBeGreaterThan(0);
    const line = text.split('\n').findIndex((l) => l.includes('owner: city-clerk')) + 1;
    expect(problems.join('\n')).toContain(`${line}:`);
  });

  test('a copy whose template names an unknown fact is refused', async () => {
    const file = join(scratch, 'generic.yaml');
    writeFileSync(
      file,
      readFileSync(join(dir, 'generic.yaml'), 'utf8').replace('{{incident_summary}}', '{{incident_sumary}}'),
    );
    expect(await problemsOf(file)).not.toEqual([]);
  });
});

describe('the Clayton plan', () => {
  let pb: Playbook;
  beforeAll(async () => {
    pb = (await loadPlaybook(join(dir, 'clayton-mo.yaml'))).playbook;
  });

  test('holidays fall on the days they are observed', () => {
    const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
    const holidays = new Map(pb.calendar.holidays.map((h) => [h.date!, h.name]));
    // Fixed dates, and Monday/Thursday holidays by rule, for 2026 and 2027.
    for (const [date, day] of [
      ['2026-01-19', 1],
      ['2026-02-16', 1],
      ['2026-05-25', 1],
      ['2026-09-07', 1],
      ['2026-10-12', 1],
      ['2026-11-26', 4],
      ['2026-11-27', 5],
      ['2027-01-18', 1],
      ['2027-02-15', 1],
      ['2027-05-31', 1],
      ['2027-09-06', 1],
      ['2027-10-11', 1],
      ['2027-11-25', 4],
      ['2027-11-26', 5],
    ] as const) {
      expect([date, holidays.has(date), weekday(date)]).toEqual([date, true, day]);
    }
    for (const date of [
      '2026-01-01',
      '2026-05-08',
      '2026-06-19',
      '2026-11-11',
      '2026-12-25',
      '2027-01-01',
      '2027-11-11',
    ]) {
      expect(holidays.has(date)).toBe(true);
    }
    // Weekend holidays are listed on their observed weekday, never on the weekend.
    for (const date of holidays.keys()) expect([date, weekday(date) % 6 === 0]).toEqual([date, false]);
    expect(holidays.get('2026-07-03')).toMatch(/Independence/);
    expect(holidays.get('2027-07-05')).toMatch(/Independence/);
    expect(holidays.get('2027-12-24')).toMatch(/Christmas/);
    expect(holidays.get('2027-05-07')).toMatch(/Truman/);
  });

  test('every action cites a source, and the statutory ones cite the statute', () => {
    for (const a of pb.actions) expect([a.id, (a.references ?? []).length > 0]).toEqual([a.id, true]);
    const cites = (id: string) =>
      pb.actions
        .find((a) => a.id === id)!
        .references!.map((r) => r.citation)
        .join(' | ');
    expect(cites('answer-records-request')).toContain('RSMo 610.023.3');
    expect(cites('special-meeting-notice')).toContain('RSMo 610.020');
    expect(cites('holding-statement')).toContain('CERC');
    expect(cites('video-release')).toContain('Video Release Policy');
  });

  test('officer names are sensitive until 48 hours after the notifications', () => {
    const names = pb.facts.find((f) => f.id === 'officer_names')!;
    expect(names.sensitive?.not_before).toEqual({ after: { action: 'notify-next-of-kin' }, within: 'PT48H' });
  });

  test('the tiers are the four of the plan, most severe first, and the community-trust tier has no force test', () => {
    expect(pb.classification.tiers.map((t) => t.id)).toEqual(['tier-1', 'tier-2', 'tier-3', 'tier-4']);
    const tier3 = JSON.stringify(pb.classification.tiers[2]!.when);
    expect(tier3).not.toMatch(/force|injury|shots/);
  });

  test('templates use only facts the playbook defines, and statements require them', () => {
    const facts = new Set(pb.facts.map((f) => f.id));
    for (const t of pb.templates)
      for (const p of placeholders(t.text!)) expect([t.id, p.name, facts.has(p.name)]).toEqual([t.id, p.name, true]);
    for (const a of pb.actions.filter((x) => x.template)) {
      const used = placeholders(pb.templates.find((t) => t.id === a.template)!.text!).map((p) => p.name);
      expect([a.id, used.filter((u) => !(a.required_facts ?? []).includes(u))]).toEqual([a.id, []]);
    }
  });
});

/** Plausible values for every fact a bundled template may use (none of them sensitive-looking). */
const SAMPLE: Record<string, string | number | boolean> = {
  incident_summary:
    'At approximately 1:40 a.m. officers stopped a car on Forsyth Boulevard; one person was taken to a hospital.',
  incident_location: 'the 7700 block of Forsyth Boulevard',
  // Ahead of the check's time below: a promise is never of a past time.
  next_update_at: '2026-03-10T12:00:00.000Z',
  info_url: 'https://www.example.gov/news',
  press_briefing_at: '2026-03-02T16:00:00.000Z',
  press_briefing_place: 'Council Chambers, City Hall',
  investigating_agency: 'St. Louis County Police Department',
  officer_count: 2,
  video_url: 'https://www.example.gov/video',
  concern_summary: 'a complaint that officers stopped students because of their race',
  review_process: 'an outside investigator appointed by the City Manager will interview everyone involved',
  investigation_status: 'Interviews are complete; the forensic report is expected by April 15.',
  protective_action: 'Stay indoors and away from windows.',
  affected_area: 'Forsyth Boulevard between Hanley Road and Brentwood Boulevard',
};

describe.each(bundled)('the statement templates of %s', (name) => {
  test("pass their playbook's own checks when filled in", async () => {
    const pb = (await loadPlaybook(join(dir, name))).playbook;
    const statements = pb.actions.filter((a) => a.template);
    expect(statements.length).toBeGreaterThan(0);
    for (const action of statements) {
      const template = pb.templates.find((t) => t.id === action.template)!;
      const facts = { ...SAMPLE, officer_names: 'Officer A. Example and Officer B. Example' };
      const { text, missing } = render(template.text!, facts);
      expect([action.id, missing]).toEqual([action.id, []]);
      const findings = checkDraft(text, {
        action,
        checks: pb.checks,
        facts,
        playbookFacts: pb.facts,
        now: new Date('2026-03-10T00:00:00Z'),
        releaseTimeOf: () => new Date('2026-03-01T00:00:00Z'),
      });
      expect([action.id, findings.map((f) => `${f.rule}: ${f.message}`)]).toEqual([action.id, []]);
    }
  });
});

describe('the checks catch what they are for (negative controls)', () => {
  test('a first statement missing elements, with flagged phrases, is caught', async () => {
    const pb = (await loadPlaybook(join(dir, 'clayton-mo.yaml'))).playbook;
    const action = pb.actions.find((a) => a.id === 'holding-statement')!;
    const bad =
      'The suspect was known to police and had a criminal history. The shooting was justified and will be resolved by Friday.';
    const findings = checkDraft(bad, {
      action,
      checks: pb.checks,
      facts: {},
      playbookFacts: pb.facts,
      now: new Date('2026-03-10T00:00:00Z'),
      releaseTimeOf: () => undefined,
    });
    const rules = findings.map((f) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'cerc/empathy',
        'cerc/unknowns',
        'cerc/next-update',
        'cerc/commitment',
        'cerc/more-info',
      ]),
    );
    const flagged = findings
      .filter((f) => f.rule === 'flagged-phrase')
      .map((f) => f.message)
      .join('\n');
    for (const phrase of ['known to police', 'criminal history', 'justified', 'will be resolved by'])
      expect(flagged).toContain(phrase);
  });
});

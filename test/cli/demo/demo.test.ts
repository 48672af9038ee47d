/**
 * `cic demo` through the real binary: it runs to the end, writes the report in every format and
 * the calendar, leaves a workspace whose log verifies, and refuses to write into a folder that
 * already holds something.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import ICAL from 'ical.js';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../../src/core/report/model.js';
import { getValidator } from '../../../src/io/schemas/validators.js';
import { runCic, type CicResult } from '../../helpers/run-cic.js';

let parent: string;
let kept: string;
let run: CicResult;

beforeAll(async () => {
  parent = realpathSync(mkdtempSync(join(tmpdir(), 'cic-demo-test-')));
  kept = join(parent, 'ws');
  // The person's own settings must not leak into the script.
  run = await runCic(['demo', '--keep', kept], {
    cwd: parent,
    env: { CIC_WORKSPACE: join(parent, 'nowhere'), CIC_ROLE: 'mayor', CIC_NAME: 'Someone Else', CIC_NOW: '' },
  });
});

afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

describe('cic demo --keep DIR', () => {
  test('runs to the end (exit 0) and narrates each step with the command it ran', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`Workspace: ${kept}`);
    expect(run.stdout).toMatch(/02:05 {2}Lena Ortiz \(Chief of Police\) opens the incident/);
    expect(run.stdout).toContain('$ cic open --title');
    expect(run.stdout).toContain('$ cic approve holding-statement --as police-chief');
    expect(run.stdout).toContain('$ cic approve holding-statement --as city-manager');
    expect(run.stdout).toMatch(/brief-mayor-board\) done at 03:21 CDT .* 16 min late/);
    expect(run.stdout).toMatch(/The log verifies: \d+ entries/);
  });

  test('the files it names exist: the report in all four formats and the calendar', () => {
    const named = [...run.stdout.matchAll(/^ {2}(\/\S+\.(md|html|csv|json|ics))$/gm)].map((m) => m[1]!);
    expect(named.map((p) => p.split('.').pop()).sort()).toEqual(['csv', 'html', 'ics', 'json', 'md']);
    for (const path of named) {
      expect(path.startsWith(kept)).toBe(true);
      expect(existsSync(path)).toBe(true);
    }
    const ics = named.find((p) => p.endsWith('.ics'))!;
    const events = new ICAL.Component(ICAL.parse(readFileSync(ics, 'utf8'))).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(0);
  });

  test('the report tells the scripted story: one late, one extended with its reason, the milestones, all simulated', () => {
    const id = readdirSync(join(kept, 'incidents'))[0]!;
    const report = JSON.parse(
      readFileSync(join(kept, 'incidents', id, 'reports', `report-${id}.json`), 'utf8'),
    ) as Report;
    const validate = getValidator('report');
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.header.tier.id).toBe('tier-1');
    expect(report.header.status).toBe('closed');
    expect(report.compliance.filter((r) => r.outcome === 'late').map((r) => r.action)).toEqual(['brief-mayor-board']);
    expect(report.compliance.filter((r) => r.extensions.length).map((r) => [r.action, r.reason])).toEqual([
      ['video-release', expect.stringContaining('Prosecuting Attorney')],
    ]);
    expect(report.figures.milestones.map((m) => [m.id, m.action])).toEqual([
      ['first-statement', 'holding-statement'],
      ['board-briefing', 'brief-mayor-board'],
      ['press-briefing', 'press-briefing'],
    ]);
    expect(report.statements.map((s) => s.statement)).toEqual(['holding-statement', 'public-update']);
    expect(report.fact_changes.map((c) => c.fact)).toContain('incident_summary');
    expect(report.integrity.simulated.count).toBe(report.integrity.entries);
    expect(new Set(report.activity.map((a) => a.by.name))).toEqual(
      new Set(['Lena Ortiz', 'Marcus Reed', 'Jo Park', 'June Alvarez']),
    );
  });

  test('the kept workspace is a real one: `cic verify` passes on it', async () => {
    const r = await runCic(['verify'], { cwd: kept, env: { CIC_WORKSPACE: '' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the log verifies/);
  });

  test('--keep on a folder that holds anything is bad input (exit 2), and nothing is written there', async () => {
    const before = readdirSync(kept).sort();
    const r = await runCic(['demo', '--keep', kept], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty');
    expect(readdirSync(kept).sort()).toEqual(before);

    const file = join(parent, 'a-file');
    writeFileSync(file, 'x');
    const onFile = await runCic(['demo', '--keep', file], { cwd: parent });
    expect(onFile.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});

describe('cic demo without --keep', () => {
  test('works in a new folder under the system temporary folder, and says where it is', async () => {
    // The temporary folder is this test's own (TMPDIR), so that the demo's workspace goes with
    // it whatever happens: a test run leaves no cic-demo-* folder in the machine's /tmp.
    const tmp = join(parent, 'tmp');
    mkdirSync(tmp);
    const r = await runCic(['demo'], { cwd: parent, env: { TMPDIR: tmp } });
    const root = /^Workspace: (\S+)/m.exec(r.stdout)?.[1];
    expect(r.code).toBe(0);
    expect(root).toBeDefined();
    expect(root!.startsWith(realpathSync(tmp))).toBe(true);
    expect(readdirSync(tmp)).toEqual([expect.stringMatching(/^cic-demo-/)]);
    expect(existsSync(join(root!, 'cic.yaml'))).toBe(true);
    expect(r.stdout).toContain(`rm -r ${root}`);
  });
});

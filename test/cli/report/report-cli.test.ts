/**
 * `cic report` through the real binary, on a workspace filled through the binary too: the four
 * files, the JSON against its schema, hostile text escaped in every format, `--out`, `--format`,
 * and a log that does not verify.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../../src/core/log/canonical.js';
import { entryHash } from '../../../src/core/log/entry.js';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import type { Report } from '../../../src/core/report/model.js';
import { getValidator } from '../../../src/io/schemas/validators.js';
import { runCic } from '../../helpers/run-cic.js';
import { HOSTILE, makeWorkspace, type Ws } from './workspace.js';

let ws: Ws;
let reports: string;
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const read = (name: string) => readFileSync(join(reports, name), 'utf8');

beforeAll(async () => {
  ws = await makeWorkspace();
  reports = join(ws.root, 'incidents', ws.id, 'reports');
  await ws.ok(['done', 'notify-city-manager', '--note', `${HOSTILE.formula} ${HOSTILE.pipe} ${HOSTILE.ansi}`], {
    at: '02:14',
    as: 'police-chief',
  });
  await ws.ok(['note', `${HOSTILE.script} ${HOSTILE.pipe} ${HOSTILE.ansi}`], { at: '02:20' });
  await ws.ok(['done', 'brief-mayor-board'], { at: '03:20' });
});

afterAll(() => ws?.remove());

describe('cic report', () => {
  let stdout = '';

  beforeAll(async () => {
    stdout = (await ws.ok(['report'], { at: '04:00' })).stdout;
  });

  test('writes the report in all four formats into the incident reports/ folder and prints where', () => {
    const names = ['md', 'html', 'csv', 'json'].map((ext) => `report-${ws.id}.${ext}`);
    expect(files(reports)).toEqual([...names].sort());
    for (const name of names) expect(stdout).toContain(join('incidents', ws.id, 'reports', name));
    expect(stdout).toMatch(/verified, head \d+:[0-9a-f]{64}/);
  });

  test('the JSON validates against schemas/report.schema.json and is this incident', () => {
    const report = JSON.parse(read(`report-${ws.id}.json`)) as Report;
    const validate = getValidator('report');
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.header.incident).toBe(ws.id);
    expect(report.generated_clock).toBe('simulated');
    expect(report.integrity.ok).toBe(true);
    expect(report.integrity.simulated.count).toBe(report.integrity.entries);
    expect(report.compliance.find((r) => r.action === 'brief-mayor-board')).toMatchObject({
      outcome: 'late',
      late_by_minutes: 15,
    });
    expect(report.compliance.find((r) => r.action === 'notify-city-manager')).toMatchObject({
      outcome: 'done',
      note: `${HOSTILE.formula} ${HOSTILE.pipe} ${HOSTILE.ansi}`,
    });
  });

  test('HTML: markup from a title or a note is text, and ESC is shown, not sent', () => {
    const html = read(`report-${ws.id}.html`);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('\x1b');
    expect(html).toContain('\\e[31mRED ALERT');
  });

  test('CSV: the formula in a note is neutralised, ESC made visible', () => {
    const csv = read(`report-${ws.id}.csv`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/x"",""details"")`);
    expect(csv).not.toMatch(/(^|,)"=/m);
    expect(csv).not.toContain('\x1b');
    expect(csv).toContain('\\e[31mRED ALERT');
  });

  test('Markdown: pipes cannot break a table, markup is escaped, ESC made visible', () => {
    const md = read(`report-${ws.id}.md`);
    expect(md).not.toContain('\x1b');
    expect(md).toContain('cars \\| officers \\| witnesses');
    expect(md).not.toMatch(/(?<!\\)<script>/);
    expect(md).toContain('\\<script>alert(1)\\</script>');
    // Every row of the activity table still has its seven columns.
    const rows = md.split('\n').filter((l) => /^\| 2026-03-14 \|/.test(l));
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
  });
});

describe('cic report options', () => {
  test('--format md --out DIR writes only that format there', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cic-report-out-'));
    try {
      const r = await ws.ok(['report', ws.id, '--format', 'md', '--out', join(out, 'nested')], { at: '04:00' });
      expect(files(join(out, 'nested'))).toEqual([`report-${ws.id}.md`]);
      expect(r.stdout).toContain(join(out, 'nested', `report-${ws.id}.md`));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('an unknown format is bad input (exit 2) that lists the valid ones, and nothing is written', async () => {
    const out = join(tmpdir(), `cic-report-none-${process.pid}`);
    const r = await ws.cic(['report', '--format', 'md,pdf', '--out', out], { at: '04:00' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"pdf"');
    expect(r.stderr).toContain('md, html, csv, json');
    expect(existsSync(out)).toBe(false);
  });
});

describe('cic report on a log that does not verify', () => {
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'cic-report-damaged-'));
    cpSync(ws.root, copy, { recursive: true });
    const log = join(copy, 'incidents', ws.id, 'log.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    const k = lines.findIndex((l) => l.includes('"type":"note"'));
    lines[k] = lines[k]!.replace('alert(1)', 'alert(2)');
    writeFileSync(log, lines.join('\n'));
    rmSync(join(copy, 'incidents', ws.id, 'reports'), { recursive: true, force: true });
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  test('writes the report of the part that verifies, says where the damage starts, and exits 3', async () => {
    const r = await runCic(['report', '--format', 'json,md'], {
      cwd: copy,
      env: { CIC_WORKSPACE: copy, CIC_NOW: '2026-03-14T04:00:00-05:00' },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/does NOT verify: entry #(\d+): hash does not match/);
    const seq = Number(/entry #(\d+)/.exec(r.stderr)![1]);
    const dir = join(copy, 'incidents', ws.id, 'reports');
    expect(files(dir)).toEqual([`report-${ws.id}.json`, `report-${ws.id}.md`]);
    const report = JSON.parse(readFileSync(join(dir, `report-${ws.id}.json`), 'utf8')) as Report;
    expect(report.integrity.ok).toBe(false);
    expect(report.integrity.problem).toEqual({ seq, message: expect.stringContaining('hash does not match') });
    expect(report.integrity.entries).toBe(seq);
    expect(report.activity.map((a) => a.seq)).toEqual(Array.from({ length: seq }, (_, i) => i));
    expect(readFileSync(join(dir, `report-${ws.id}.md`), 'utf8')).toContain('NO, the log does not verify');
  });

  test('a line that is JSON but no object (null) is damage like any other, named by the chain check', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cic-report-null-'));
    try {
      cpSync(ws.root, other, { recursive: true });
      const log = join(other, 'incidents', ws.id, 'log.jsonl');
      const lines = readFileSync(log, 'utf8').split('\n');
      lines[3] = 'null';
      writeFileSync(log, lines.join('\n'));
      const r = await runCic(['report', '--format', 'json', '--out', join(other, 'out')], {
        cwd: other,
        env: { CIC_WORKSPACE: other, CIC_NOW: '2026-03-14T04:00:00-05:00' },
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/does NOT verify: entry #3: /);
      expect(r.stderr).not.toContain('bug');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test('a log whose first entry does not verify gets no report (exit 3)', async () => {
    const log = join(copy, 'incidents', ws.id, 'log.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[0] = lines[0]!.replace('"title":"', '"title":"X');
    writeFileSync(log, lines.join('\n'));
    const out = join(copy, 'none');
    const r = await runCic(['report', '--out', out], {
      cwd: copy,
      env: { CIC_WORKSPACE: copy, CIC_NOW: '2026-03-14T04:00:00-05:00' },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('nothing to report');
    expect(existsSync(out)).toBe(false);
  });

  test('the untouched workspace still reports cleanly (control)', async () => {
    const r = await ws.cic(['report', '--format', 'json', '--out', join(copy, 'control')], { at: '04:00' });
    expect(r.code).toBe(0);
  });
});

describe('cic report on a log with a torn tail (a crash mid-write)', () => {
  test('reports every complete entry, says the tail is torn, points to --repair, exits 3', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'cic-report-torn-'));
    try {
      cpSync(ws.root, copy, { recursive: true });
      const log = join(copy, 'incidents', ws.id, 'log.jsonl');
      const complete = readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
      writeFileSync(log, '{"actor":{"na', { flag: 'a' });
      const r = await runCic(['report', '--format', 'json', '--out', join(copy, 'out')], {
        cwd: copy,
        env: { CIC_WORKSPACE: copy, CIC_NOW: '2026-03-14T04:00:00-05:00' },
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('--repair');
      const report = JSON.parse(readFileSync(join(copy, 'out', `report-${ws.id}.json`), 'utf8')) as Report;
      expect(report.integrity).toMatchObject({
        ok: false,
        entries: complete,
        problem: { seq: complete, message: expect.stringContaining('torn tail') },
      });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

/** The log text with entries from `from` on re-chained and re-hashed, as a forger would. */
function rechain(entries: LogEntry[], from: number): string {
  let prev = entries[from - 1]!.hash;
  return entries
    .map((e, i) => {
      if (i < from) return `${canonicalJson(e)}\n`;
      const { hash: _old, ...body } = { ...e, prev };
      prev = entryHash(body);
      return `${canonicalJson({ ...body, hash: prev })}\n`;
    })
    .join('');
}

describe('cic report on a log re-chained by a forger', () => {
  let copy: string;
  let log: string;
  let entries: LogEntry[];
  let k: number;
  const env = () => ({ CIC_WORKSPACE: copy, CIC_NOW: '2026-03-14T04:00:00-05:00' });
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'cic-report-forged-'));
    cpSync(ws.root, copy, { recursive: true });
    log = join(copy, 'incidents', ws.id, 'log.jsonl');
    entries = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogEntry);
    k = entries.findIndex((e) => e.type === 'note');
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  test('a changed note, re-chained: the report, like cic verify, cannot tell; the anchor recorded earlier can', async () => {
    const head = `${entries.at(-1)!.seq}:${entries.at(-1)!.hash}`;
    const forged = entries.map((e, i) =>
      i === k ? ({ ...e, data: { text: 'Nothing happened here' } } as LogEntry) : e,
    );
    writeFileSync(log, rechain(forged, k));
    const r = await runCic(['report', '--format', 'json', '--out', join(copy, 'out')], { cwd: copy, env: env() });
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(copy, 'out', `report-${ws.id}.json`), 'utf8')) as Report;
    expect(report.activity.map((a) => a.activity)).toContain('Nothing happened here');
    expect((await runCic(['verify'], { cwd: copy, env: env() })).code).toBe(0);
    const anchored = await runCic(['verify', '--anchor', head], { cwd: copy, env: env() });
    expect(anchored.code).toBe(3);
    expect(anchored.stdout + anchored.stderr).toContain('rewritten');
  });

  test('an entry of a type this cic does not know ends what the report covers, and it exits 3', async () => {
    const forged = entries.map((e, i) => (i === k ? ({ ...e, type: 'note.shouted' } as unknown as LogEntry) : e));
    writeFileSync(log, rechain(forged, k));
    const out = join(copy, 'unknown');
    const r = await runCic(['report', '--format', 'json', '--out', out], { cwd: copy, env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`entry #${k} has a type this version of cic does not know ("note.shouted")`);
    const report = JSON.parse(readFileSync(join(out, `report-${ws.id}.json`), 'utf8')) as Report;
    expect(report.integrity).toMatchObject({ ok: false, entries: k, problem: { seq: k } });
    expect(report.activity.map((a) => a.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: k }, (_, i) => i));
  });
});

/**
 * writeReport: the report is checked against its schema before anything is written, and its
 * formats are put in place together: after it, every file is the new one, or (on any failure)
 * every one is as it was, and no temporary file is left.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport, type ReportFile } from '../../../src/cli/commands/report.js';
import { REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import type { Report } from '../../../src/core/report/model.js';
import { sampleReport } from '../../core/report/fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cic-write-report-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filesIn = (out: string): ReportFile[] =>
  REPORT_FORMAT_NAMES.map((format) => ({ format, path: join(out, `r.${format}`) }));

describe('writeReport', () => {
  const report = sampleReport();

  test('every file is in place, as its renderer makes it, the old ones replaced, and no temporary file is left', async () => {
    const out = mkdtempSync(join(dir, 'ok-'));
    writeFileSync(join(out, 'r.md'), 'the report before');
    await writeReport(report, filesIn(out));
    expect(readdirSync(out).sort()).toEqual(['r.csv', 'r.html', 'r.json', 'r.md']);
    for (const name of REPORT_FORMAT_NAMES)
      expect(readFileSync(join(out, `r.${name}`), 'utf8')).toBe(reportFormats[name].render(report));
  });

  test('a report that does not match its schema writes nothing at all, and the old files stay (negative control)', async () => {
    const out = mkdtempSync(join(dir, 'invalid-'));
    writeFileSync(join(out, 'r.md'), 'the report before');
    const broken = structuredClone(report) as Report;
    (broken.compliance[0] as { outcome: string }).outcome = 'fine';
    await expect(writeReport(broken, filesIn(out))).rejects.toThrow(
      /does not match schemas\/report\.schema\.json.*\/compliance\/0\/outcome/,
    );
    expect(readdirSync(out)).toEqual(['r.md']);
    expect(readFileSync(join(out, 'r.md'), 'utf8')).toBe('the report before');
  });
});

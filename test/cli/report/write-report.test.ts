/**
 * writeReport: every format is rendered into a temporary file and put in place only once the
 * report has passed its schema check; when the check fails or cannot be made, nothing is put in
 * place, what was there stays, and no temporary file is left.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport, type ReportFile } from '../../../src/cli/commands/report.js';
import type { Checker } from '../../../src/io/report/check-thread.js';
import { REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import type { Report } from '../../../src/core/report/model.js';
import { jsonParts } from '../../../src/core/report/render-json.js';
import { sampleReport } from '../../core/report/fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cic-write-report-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filesIn = (out: string): ReportFile[] =>
  REPORT_FORMAT_NAMES.map((format) => ({ format, path: join(out, `r.${format}`) }));

/** A checker that answers `checked` (as the real one would after reading the JSON). */
const stubChecker = (checked: () => Promise<string | undefined>): Checker => ({
  send: (report) => ({ json: jsonParts(report), checked: checked() }),
  cancel: () => Promise.resolve(),
});

describe('writeReport', () => {
  const report = sampleReport();

  test.each([
    ['checked on this thread', undefined],
    ['checked on another', stubChecker(() => Promise.resolve(undefined))],
  ])('%s: every file is in place, as its renderer makes it, and no temporary file is left', async (_how, checker) => {
    const out = mkdtempSync(join(dir, 'ok-'));
    await writeReport(report, filesIn(out), checker);
    expect(readdirSync(out).sort()).toEqual(['r.csv', 'r.html', 'r.json', 'r.md']);
    for (const name of REPORT_FORMAT_NAMES)
      expect(readFileSync(join(out, `r.${name}`), 'utf8')).toBe(reportFormats[name].render(report));
  });

  test.each([
    [
      'the other thread finds a problem',
      stubChecker(() => Promise.resolve('/compliance/0/outcome must be equal to one of the allowed values')),
      /compliance\/0\/outcome/,
    ],
    [
      'the other thread stops before its verdict',
      stubChecker(() => Promise.reject(new Error('the report checking thread stopped (exit 1)'))),
      /stopped/,
    ],
  ])(
    '%s: nothing is put in place, the old files stay, no temporary file is left (negative control)',
    async (_how, checker, message) => {
      const out = mkdtempSync(join(dir, 'bad-'));
      writeFileSync(join(out, 'r.md'), 'the report before');
      await expect(writeReport(report, filesIn(out), checker)).rejects.toThrow(message);
      expect(readdirSync(out)).toEqual(['r.md']);
      expect(readFileSync(join(out, 'r.md'), 'utf8')).toBe('the report before');
    },
  );

  test('checked on this thread, a report that does not match its schema writes nothing at all', async () => {
    const out = mkdtempSync(join(dir, 'invalid-'));
    const broken = structuredClone(report) as Report;
    (broken.compliance[0] as { outcome: string }).outcome = 'fine';
    await expect(writeReport(broken, filesIn(out))).rejects.toThrow(
      /does not match schemas\/report\.schema\.json.*\/compliance\/0\/outcome/,
    );
    expect(readdirSync(out)).toEqual([]);
  });
});

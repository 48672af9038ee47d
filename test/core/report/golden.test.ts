/**
 * The report files, byte for byte, against golden files in `golden/` (one per format): a change to a
 * renderer shows as a diff of the report a clerk would read. A renderer that changes a report on
 * purpose updates the files and says why in its commit:
 *
 *   UPDATE_GOLDEN=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/core/report/golden.test.ts
 *
 * The report is the hand-built sample (hostile text wherever a person, a fact or a playbook can put
 * text), with its activity log made longer: a row outside Latin-1 and one backfilled a day late.
 */
import { expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_FORMAT_NAMES, reportFormats, type ReportFormatName } from '../../../src/core/report/formats.js';
import type { Report } from '../../../src/core/report/model.js';
import { sampleReport } from './fixtures.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const goldenFile = (name: ReportFormatName) => join(GOLDEN, `report.${reportFormats[name].ext}`);

function longerReport(): Report {
  const base = sampleReport();
  const activity = Array.from({ length: 40 }, (_, i) => {
    const row = { ...base.activity[i % base.activity.length]!, seq: i };
    if (i === 21) return { ...row, activity: 'Called the family — “back at 10”' };
    if (i === 30) return { ...row, stated_at: row.at, recorded_at: '2026-03-09T01:00:00-06:00' };
    return row;
  });
  return { ...base, activity };
}

test.each(REPORT_FORMAT_NAMES)('%s: the file is what the golden file says, byte for byte', (name) => {
  const text = reportFormats[name].render(longerReport());
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile(name), text);
  // Compared as text first (a failure prints the lines that differ), then as bytes.
  const golden = readFileSync(goldenFile(name), 'utf8');
  expect(text).toBe(golden);
  expect(Buffer.from(text, 'utf8').equals(readFileSync(goldenFile(name)))).toBe(true);
});

test('a one-character change in one row is caught in every format that shows the activity (negative control)', () => {
  const r = longerReport();
  r.activity[33] = { ...r.activity[33]!, activity: r.activity[33]!.activity + '.' };
  for (const name of REPORT_FORMAT_NAMES.filter((n) => n !== 'csv')) {
    expect(reportFormats[name].render(r)).not.toBe(readFileSync(goldenFile(name), 'utf8'));
  }
});

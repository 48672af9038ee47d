/**
 * The report files, byte for byte, as cic wrote them: SHA-256
 * digests of every format of one long report, taken from the renderers at commit 921ed68 (each
 * format rendered whole, one string). A renderer that changes a report on purpose changes these
 * digests with it, and says why in its commit. Changed on purpose since: the statement texts (each
 * version's words, its facts and its entry's seq; the CSV's statement columns); the states in the
 * shared vocabulary (src/core/incident/item-state.ts: 'done' for 'on time', 'waiting' with what for); the HTML
 * compliance table citing references and listing them in full below it (it printed on 10 pages).
 */
import { expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import type { Report } from '../../../src/core/report/model.js';
import { sampleReport } from './fixtures.js';

const BEFORE: Record<string, { sha256: string; bytes: number }> = {
  md: { sha256: '7c7b473dc88f48901198bc167f9fed16cf2c82495fcb095cc58c61b89ea601e8', bytes: 2_083_637 },
  html: { sha256: '62fc1244baaf168895f42ce0ed55a9c8d2d1fefd010f37a96e31297de27cbf39', bytes: 2_806_524 },
  csv: { sha256: '19befa48ee8418a8d6c8417848b77fa5902db381436da7e993b7269427d09ce6', bytes: 3_122 },
  json: { sha256: 'c4acf4e0be453b94d54bca739ca4b41474a0213e010615333eeeb718ec197c64', bytes: 3_968_730 },
};

/**
 * The sample report with a long activity log: hostile texts, one row outside Latin-1, one backfilled a day late, over
 * many rows of every format.
 */
function longReport(): Report {
  const base = sampleReport();
  const activity = Array.from({ length: 12_345 }, (_, i) => {
    const row = { ...base.activity[i % base.activity.length]!, seq: i };
    if (i === 4_321) return { ...row, activity: 'Called the family — “back at 10”' };
    if (i === 7_000) return { ...row, stated_at: row.at, recorded_at: '2026-03-09T01:00:00-06:00' };
    return row;
  });
  return { ...base, activity };
}

test.each(REPORT_FORMAT_NAMES)('%s: the file is byte for byte what it was', (name) => {
  const bytes = Buffer.from(reportFormats[name].render(longReport()), 'utf8');
  expect({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }).toEqual(BEFORE[name]);
});

test('the digests can tell a one-character change (negative control)', () => {
  const r = longReport();
  r.activity[9_999] = { ...r.activity[9_999]!, activity: r.activity[9_999]!.activity + '.' };
  for (const name of REPORT_FORMAT_NAMES.filter((n) => n !== 'csv')) {
    const bytes = Buffer.from(reportFormats[name].render(r), 'utf8');
    expect(createHash('sha256').update(bytes).digest('hex')).not.toBe(BEFORE[name]!.sha256);
  }
});

/**
 * The report files, byte for byte, as cic wrote them: SHA-256
 * digests of every format of one long report, taken from the renderers at commit 921ed68 (each
 * format rendered whole, one string). A renderer that changes a report on purpose changes these
 * digests with it, and says why in its commit. Changed on purpose since: the statement texts (each
 * version's words, its facts and its entry's seq; the CSV's statement columns).
 */
import { expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import type { Report } from '../../../src/core/report/model.js';
import { sampleReport } from './fixtures.js';

const BEFORE: Record<string, { sha256: string; bytes: number }> = {
  md: { sha256: 'd2b736ee40d14b72358af2fd65133d4501d2ea5f198ee567e528dbd747df0541', bytes: 2_083_636 },
  html: { sha256: '62f4d23ab0e38914c014638bb6d92250a4bdd472f87382d503349b0c262c45c2', bytes: 2_805_725 },
  csv: { sha256: '7af897f87836afd4c69333cd1fb0296bfc4e36bb40c0472307cd99dd570136d3', bytes: 3_127 },
  json: { sha256: '4da9fdaa9a522bb7b292c8e6a1a23fc5c8f944c8b547832425888cb672c09a72', bytes: 3_968_412 },
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

/**
 * The report files, byte for byte, as cic wrote them: SHA-256
 * digests of every format of one long report, taken from the renderers at commit 921ed68 (each
 * format rendered whole, one string). A renderer that changes a report on purpose changes these
 * digests with it, and says why in its commit.
 */
import { expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import type { Report } from '../../../src/core/report/model.js';
import { sampleReport } from './fixtures.js';

const BEFORE: Record<string, { sha256: string; bytes: number }> = {
  md: { sha256: '53359ed7126f9b25ad0eeafd8913a1e1e4cfcc2b187829fd70407939a905278d', bytes: 2_081_259 },
  html: { sha256: 'bddfa19f99b288e3d8436028d9ae62ee3d19ada7e2baec77517b69bf1b670423', bytes: 2_802_408 },
  csv: { sha256: '04945fe9650748c6897f958b49d3364bde49413ff1b790fc3005001e2d6fbe9e', bytes: 2_706 },
  json: { sha256: '0210000417825c3187ea74b79e67f48df85714f04e9ecc87ada3522af20927cc', bytes: 3_967_487 },
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

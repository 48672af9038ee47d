/**
 * The report's schema check: a valid report passes, with many rows; a bad row or a bad rest of
 * the report is named (negative controls).
 */
import { describe, expect, test } from '@jest/globals';
import { reportProblems } from '../../../src/io/report/check.js';
import type { Report } from '../../../src/core/report/model.js';
import { sampleReport } from './fixtures.js';

function withRows(n: number): Report {
  const base = sampleReport();
  return {
    ...base,
    activity: Array.from({ length: n }, (_, i) => ({ ...base.activity[i % base.activity.length]!, seq: i })),
  };
}

describe('the report against its schema', () => {
  test('a valid report passes, with no rows, with a few, and with many', () => {
    for (const n of [0, 7, 45_000]) expect(reportProblems(withRows(n))).toBeUndefined();
  });

  test('a bad row is found and named by its index (negative control)', () => {
    const report = withRows(45_000);
    (report.activity[25_000] as { at: string }).at = 'yesterday';
    expect(reportProblems(report)).toContain('/activity/25000/at');
  });

  test('a bad rest of the report is found with rows and without (negative control)', () => {
    for (const n of [0, 12_000]) {
      const report = withRows(n);
      (report.compliance[0] as { outcome: string }).outcome = 'fine';
      expect(reportProblems(report)).toContain('/compliance/0/outcome');
    }
  });
});

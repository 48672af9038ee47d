/**
 * The report's schema check, whole (reportProblems) and as the rows arrive (ReportCheck): the
 * two give the same answer.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ReportCheck, reportProblems } from '../../../src/io/report/check.js';
import type { Report } from '../../../src/core/report/model.js';
import { sampleReport } from './fixtures.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/report.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & {
  properties: { activity: Record<string, unknown> };
};

/** A report with `n` activity rows, and the check of it made as ReportCheck is fed, in parts of 5,000. */
function checkedInParts(report: Report): string | undefined {
  const check = new ReportCheck({ ...report, activity: [] });
  for (let i = 0; i < report.activity.length; i += 5_000) check.add(report.activity.slice(i, i + 5_000));
  return check.problems();
}

function withRows(n: number): Report {
  const base = sampleReport();
  return {
    ...base,
    activity: Array.from({ length: n }, (_, i) => ({ ...base.activity[i % base.activity.length]!, seq: i })),
  };
}

describe('checking a report as its rows arrive', () => {
  test("the schema's activity log is a plain array of rows, each valid on its own (what checking in batches relies on)", () => {
    const { type, items, ...rest } = schema.properties.activity;
    expect(type).toBe('array');
    expect(items).toMatchObject({ $ref: '#/$defs/ActivityRow' });
    expect(Object.keys(rest).filter((k) => k !== 'description')).toEqual([]);
    // Nor does anything at the top tie the rows to each other or to the rest of the report.
    const joint = [
      'allOf',
      'anyOf',
      'oneOf',
      'not',
      'if',
      'then',
      'else',
      'dependentSchemas',
      'dependentRequired',
      'unevaluatedProperties',
      'patternProperties',
    ];
    expect(Object.keys(schema).filter((k) => joint.includes(k))).toEqual([]);
  });

  test('a valid report passes, with no rows, with a few, and with rows over several batches', () => {
    for (const n of [0, 7, 45_000]) {
      const report = withRows(n);
      expect(reportProblems(report)).toBeUndefined();
      expect(checkedInParts(report)).toBeUndefined();
    }
  });

  test('a bad row in a later batch is found, and named as the whole check names it (negative control)', () => {
    const report = withRows(45_000);
    (report.activity[25_000] as { at: string }).at = 'yesterday';
    const problems = checkedInParts(report);
    expect(problems).toContain('/activity/25000/at');
    expect(problems).toBe(reportProblems(report));
  });

  test('a bad rest of the report is found with rows and without (negative control)', () => {
    for (const n of [0, 12_000]) {
      const report = withRows(n);
      (report.compliance[0] as { outcome: string }).outcome = 'fine';
      expect(checkedInParts(report)).toContain('/compliance/0/outcome');
    }
  });
});

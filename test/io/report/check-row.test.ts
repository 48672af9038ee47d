/**
 * A report streamed from a long log is checked in parts: each activity row against the report
 * schema's ActivityRow, with a quick validator precompiled at build time; a row that does not match
 * is named by its entry's seq and the full validator's words (negative control).
 */
import { expect, test } from '@jest/globals';
import { activityRowProblems, reportProblems } from '../../../src/io/report/check.js';
import { validatorSource } from '../../../src/io/schemas/validators.js';
import { sampleReport } from '../../core/report/fixtures.js';

const outline = { ...sampleReport(), activity: [] };

test('the outline with no rows, and every row of the sample, match the schema', () => {
  expect(reportProblems(outline)).toBeUndefined();
  for (const row of sampleReport().activity) expect(activityRowProblems(outline, row)).toBeUndefined();
  expect(validatorSource('report-activity-row', 'quick')).toBe('precompiled');
});

test('a row that does not match is named by its seq and what is wrong with it (negative control)', () => {
  const row = { ...sampleReport().activity[2]!, at: 'yesterday' };
  expect(activityRowProblems(outline, row)).toMatch(new RegExp(`^activity row of entry #${row.seq}: /activity/0/at `));
  const { seq: _seq, ...noSeq } = sampleReport().activity[0]!;
  expect(activityRowProblems(outline, { ...noSeq, seq: -1 })).toMatch(/activity row of entry #-1: .*seq/);
});

import { expect, test } from '@jest/globals';
import { isReportFormat, REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import { sampleReport } from './fixtures.js';

test('the four formats, each with its extension and a renderer', () => {
  expect(REPORT_FORMAT_NAMES).toEqual(['md', 'html', 'csv', 'json']);
  const report = sampleReport();
  for (const name of REPORT_FORMAT_NAMES) {
    const f = reportFormats[name];
    expect(f.ext).toBe(name);
    expect(f.render(report).length).toBeGreaterThan(1000);
  }
});

test('isReportFormat knows the names and nothing inherited', () => {
  expect(isReportFormat('html')).toBe(true);
  expect(isReportFormat('pdf')).toBe(false);
  expect(isReportFormat('toString')).toBe(false);
  expect(isReportFormat('__proto__')).toBe(false);
});

test('renderers are pure: the same report gives the same bytes, and is not modified', () => {
  const report = sampleReport();
  const before = JSON.stringify(report);
  for (const name of REPORT_FORMAT_NAMES)
    expect(reportFormats[name].render(report)).toBe(reportFormats[name].render(sampleReport()));
  expect(JSON.stringify(report)).toBe(before);
});

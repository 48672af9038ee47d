import { expect, test } from '@jest/globals';
import { isReportFormat, REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import type { Report } from '../../../src/core/report/model.js';
import { COMPLIANCE, HOSTILE, sampleReport } from './fixtures.js';

test('the four formats, each with its extension', () => {
  expect(REPORT_FORMAT_NAMES).toEqual(['md', 'html', 'csv', 'json']);
  for (const name of REPORT_FORMAT_NAMES) expect(reportFormats[name].ext).toBe(name);
});

test('each format holds the report: the incident, every deadline, the integrity verdict', () => {
  const report = sampleReport();
  const head = report.integrity.head!;
  const md = reportFormats.md.render(report);
  expect(md.startsWith('# After-action report: 2026-0007, Traffic stop video')).toBe(true);
  expect(md).toContain(`- Head digest (seq:hash): \`${head}\``);
  for (const row of COMPLIANCE) expect(md).toMatch(new RegExp(`^\\| ${row.action}#${row.occurrence}[ |]`, 'm'));

  const html = reportFormats.html.render(report);
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain(head);
  expect(html).not.toContain(HOSTILE.script); // the title's markup is escaped, not run
  expect(html).toContain('Traffic stop video &lt;script&gt;');
  for (const row of COMPLIANCE) expect(html).toContain(row.action);

  // CSV: the compliance table, one line per deadline after the header (a \r inside a quoted cell is not a line end).
  const lines = reportFormats.csv
    .render(report)
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\n');
  expect(lines[0]!.startsWith('"incident","action","occurrence","title"')).toBe(true);
  expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(COMPLIANCE.map((r) => `"${r.action}"`));

  const json = JSON.parse(reportFormats.json.render(report)) as Report;
  expect(json.header.incident).toBe('2026-0007');
  expect(json.integrity).toMatchObject({ ok: true, head });
  expect(json.compliance.map((r) => r.action)).toEqual(COMPLIANCE.map((r) => r.action));
  expect(json.activity).toHaveLength(report.activity.length);
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

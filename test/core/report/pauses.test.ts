/**
 * A paused deadline in the after-action report, in every format: markdown lists it under Pauses,
 * HTML beside the row, CSV in its own columns, JSON as `pauses` (valid against the schema).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Report } from '../../../src/core/report/model.js';
import { renderCsv } from '../../../src/core/report/render-csv.js';
import { renderHtml } from '../../../src/core/report/render-html.js';
import { renderJson } from '../../../src/core/report/render-json.js';
import { renderMarkdown } from '../../../src/core/report/render-md.js';
import { PEOPLE, sampleReport } from './fixtures.js';

function withPause(): Report {
  const report = sampleReport();
  const row = report.compliance[0]!;
  row.pauses = [
    {
      from: row.due!,
      to: null,
      reason: 'Written determination: release would interfere with witness interviews',
      written: true,
      by: PEOPLE.manager,
      reassessments: 2,
      seq: 41,
    },
  ];
  return report;
}

describe('pauses in the report', () => {
  test('markdown: a Pauses section with who, the basis and the reassessments', () => {
    const md = renderMarkdown(withPause());
    expect(md).toContain('### Pauses');
    expect(md).toMatch(/still paused, by Pat Reyes.*, in writing; reassessed 2 times: Written determination/);
    expect(renderMarkdown(sampleReport())).not.toContain('### Pauses');
  });

  test('HTML: beside the row', () => {
    expect(renderHtml(withPause())).toMatch(/paused .* → still paused by Pat Reyes.*, in writing, reassessed 2×/);
    expect(renderHtml(sampleReport())).not.toContain('still paused');
  });

  test('CSV: the count and the reasons, in columns after the earlier ones', () => {
    const lines = renderCsv(withPause())
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toMatch(/,"pauses","pause_reasons",/);
    // Then the columns added after them (owner_outside, source, request_kind, request_from, request_received_at).
    expect(lines[1]).toMatch(
      /,"?1"?,"Written determination: release would interfere with witness interviews",false,,,,,,,$/,
    );
    expect(renderCsv(sampleReport()).split('\r\n')[1]).toMatch(/,"?0"?,(""|),false,,,,,,,$/);
  });

  test('JSON: valid against the report schema, and a malformed pause is not (negative control)', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../../schemas/report.schema.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: true, allErrors: true, ownProperties: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const parsed = JSON.parse(renderJson(withPause())) as Report;
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
    (parsed.compliance[0]!.pauses![0] as unknown as Record<string, unknown>).written = 'yes';
    expect(validate(parsed)).toBe(false);
  });
});

/**
 * The renderers in parts: joined, the chunks are the whole text the renderers made before they
 * were in parts (the golden files, which predate the parts), each activity row is a chunk of its
 * own, and the JSON written member by member is what one JSON.stringify of the report writes.
 * ActivityOrder's merge of the rows left in place with the few it holds is a sort by (time, seq).
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityOrder } from '../../../src/core/report/activity-scan.js';
import { REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import type { ActivityRow, Report } from '../../../src/core/report/model.js';
import { reportChunks } from '../../../src/core/report/parts.js';
import { jsonParts } from '../../../src/core/report/render-json.js';
import { sampleReport } from './fixtures.js';

/** The golden report (test/core/report/golden.test.ts builds the same one). */
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

const golden = (ext: string) => readFileSync(join(import.meta.dirname, 'golden', `report.${ext}`), 'utf8');

describe.each(REPORT_FORMAT_NAMES)('%s in parts', (name) => {
  const { parts, ext } = reportFormats[name];
  const report = longerReport();
  const chunks = [...reportChunks(parts, report)];

  test('the chunks joined are the golden file, byte for byte', () => {
    expect(chunks.join('')).toBe(golden(ext));
  });

  test('no chunk is the whole text, and each activity row is a chunk of its own', () => {
    const whole = chunks.join('');
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(whole.length / 2);
    if (parts.row) {
      const measure = parts.measure();
      for (const row of report.activity) measure.add(row);
      const m = measure.result();
      report.activity.forEach((row, i) => expect(chunks).toContain(parts.row!(row, i, m)));
    }
  });
});

/** The JSON as renderJson wrote it whole before it was in parts: the reference. */
function jsonWhole(report: Report): string {
  const ROWS = '\u0000activity rows\u0000';
  const outline = JSON.stringify({ ...report, activity: ROWS }, null, 2);
  const [before, after] = outline.split(JSON.stringify(ROWS)) as [string, string];
  const rows = report.activity;
  const table = rows.length ? `[\n${rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]` : '[]';
  return `${before}${table}${after}\n`.replace(
    /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

test('JSON member by member is JSON.stringify of the whole, for any values around the rows', () => {
  const base = longerReport();
  const value = fc.jsonValue();
  fc.assert(
    fc.property(value, value, fc.string(), fc.nat(3), (a, b, text, n) => {
      const rows = base.activity.slice(0, n).map((r) => ({ ...r, activity: text }));
      const report = { ...base, header: { ...base.header, title: text, extra: a }, activity: rows, press: b };
      const r = report as unknown as Report;
      expect([...reportChunks(jsonParts, r)].join('')).toBe(jsonWhole(r));
    }),
    { numRuns: 200 },
  );
});

test('the reference tells a changed layout apart (negative control)', () => {
  const r = longerReport();
  expect([...reportChunks(jsonParts, r)].join('')).toBe(jsonWhole(r));
  expect(jsonWhole(r).replace('\n  "integrity"', '\n "integrity"')).not.toBe(jsonWhole(r));
});

describe('ActivityOrder', () => {
  const row = (seq: number, backfilled: boolean): ActivityRow =>
    ({ seq, stated_at: backfilled ? 'x' : null }) as unknown as ActivityRow;

  /** Two passes as `cic report` makes them; the rows in the order emitted. */
  function ordered(entries: { key: number; backfilled: boolean }[]): { seqs: number[]; held: number } {
    const order = new ActivityOrder();
    entries.forEach((e, seq) => order.note(row(seq, e.backfilled), e.key));
    const out: number[] = [];
    entries.forEach((e, seq) => {
      if (!order.isHeld(seq)) order.place(row(seq, e.backfilled), e.key, (r) => out.push(r.seq));
    });
    order.finish((r) => out.push(r.seq));
    return { seqs: out, held: order.heldRows };
  }

  const sorted = (entries: { key: number }[]) =>
    entries
      .map((e, seq) => ({ ...e, seq }))
      .sort((a, b) => a.key - b.key || a.seq - b.seq)
      .map((e) => e.seq);

  test('is a sort by (time, seq) of every row', () => {
    const entry = fc.record({ key: fc.integer({ min: 0, max: 40 }), backfilled: fc.boolean() });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
        expect(ordered(entries).seqs).toEqual(sorted(entries));
      }),
      { numRuns: 500 },
    );
  });

  test('holds only the backfilled rows when the others are in time order', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({
      key: i % 37 === 0 ? i - 25 : i,
      backfilled: i % 37 === 0,
    }));
    const r = ordered(entries);
    expect(r.seqs).toEqual(sorted(entries));
    expect(r.held).toBe(entries.filter((e) => e.backfilled).length);
  });

  test('log order is not that sort when rows were backfilled (negative control)', () => {
    const entries = [
      { key: 5, backfilled: false },
      { key: 1, backfilled: true },
    ];
    expect(ordered(entries).seqs).toEqual([1, 0]);
    expect(sorted(entries)).not.toEqual([0, 1]);
  });
});

test('the integrity section written a row a chunk has each backfilled entry on its own line, in every format', () => {
  const report = longerReport();
  const one = report.integrity.backfilled[0]!;
  report.integrity.backfilled = [0, 1, 2].map((k) => ({ ...one, seq: one.seq + k, gap_minutes: 10 + k }));
  const html = reportFormats.html.render(report);
  const table = html.slice(
    html.indexOf('<h3>Backfilled entries</h3>'),
    html.indexOf('</table>', html.indexOf('Backfilled')),
  );
  expect(table.match(/<\/tr>\n<tr>/g)).toHaveLength(2);
  expect(table).toContain('<td class="num">12</td></tr>\n</tbody>');
  const md = reportFormats.md.render(report);
  expect(md).toMatch(/### Backfilled entries\n\n\| Seq .*\n\|-+\|.*\n(\| \d+ .* \| 1\d min \|\n){3}\n## Compliance/);
  expect(JSON.parse(reportFormats.json.render(report)).integrity.backfilled).toEqual(report.integrity.backfilled);
});

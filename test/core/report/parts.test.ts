/**
 * Report files are written in parts (parts.ts, StagedFile): the parts must join into exactly the
 * text, with nothing lost or doubled where one part ends and the next begins.
 */
import { describe, expect, test } from '@jest/globals';
import { htmlParts } from '../../../src/core/report/render-html.js';
import { jsonParts } from '../../../src/core/report/render-json.js';
import { markdownParts, mdTable } from '../../../src/core/report/render-md.js';
import { wallDate, wallTime } from '../../../src/core/report/times.js';
import { roleLabel, timeBeside } from '../../../src/core/report/words.js';
import type { Report } from '../../../src/core/report/model.js';
import { LINES_PER_PART, linesInParts } from '../../../src/core/report/parts.js';
import { sampleReport } from './fixtures.js';

describe('linesInParts', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`);
  test.each([0, 1, 2, 3, 4, 7, 8, 9])('%i lines in parts of 4 join to lines.join', (n) => {
    const seen: string[] = [];
    const parts = linesInParts(n, (i) => `line ${i}`, { separator: '\n', size: 4, each: (p) => (seen.push(p), p) });
    expect(parts.join('')).toBe(lines(n).join('\n'));
    // Parts of at most four lines, with the separator between two as a part of its own.
    const full = parts.filter((_, k) => k % 2 === 0);
    expect(full).toHaveLength(Math.ceil(n / 4));
    expect(parts.filter((_, k) => k % 2 === 1).every((p) => p === '\n')).toBe(true);
    for (const p of full) expect(p.split('\n').length).toBeLessThanOrEqual(4);
    expect(seen).toEqual(full);
  });

  test('a separator of several characters, and the default size', () => {
    const many = lines(2 * LINES_PER_PART + 1);
    const parts = linesInParts(many.length, (i) => many[i]!, { separator: ',\n' });
    expect(parts.join('')).toBe(many.join(',\n'));
    expect(parts).toHaveLength(5);
  });

  test('what `each` makes of a part is the part', () => {
    expect(linesInParts(5, (i) => `${i}`, { separator: ',', size: 2, each: (p) => `[${p}]` })).toEqual([
      '[0,1]',
      ',',
      '[2,3]',
      ',',
      '[4]',
    ]);
  });
});

describe('a long activity log, in parts, in every format', () => {
  const base = sampleReport();
  // More rows than two parts hold; one row with a character outside Latin-1 (its part is two-byte, the rest not).
  const rows = Array.from({ length: 2 * LINES_PER_PART + 7 }, (_, i) => ({
    ...base.activity[i % base.activity.length]!,
    seq: i,
    activity: i === LINES_PER_PART + 1 ? 'Called the family — "back at 10"' : `Row ${i}`,
  }));
  const report: Report = { ...base, activity: rows };

  test('Markdown: one table line per row, in order, none lost or joined at a boundary', () => {
    const parts = markdownParts(report);
    expect(parts.length).toBeGreaterThan(3);
    const text = parts.join('');
    const tableRows = text.split('\n').filter((l) => /^\| \d{4}-\d{2}-\d{2} /.test(l) && / \| \d+ +\|$/.test(l));
    const activityRows = tableRows.slice(-rows.length);
    expect(activityRows.map((l) => Number(/ \| (\d+) +\|$/.exec(l)![1]))).toEqual(rows.map((r) => r.seq));
    expect(text).toContain('Called the family — "back at 10"');
    expect(text.endsWith(' |\n')).toBe(true);
  });

  test('HTML: one <tr> per row, each on its own line, in order', () => {
    const text = htmlParts(report).join('');
    const activity = text.slice(text.indexOf('<section id="activity">'));
    const trs = activity.split('\n').filter((l) => l.startsWith('<tr>'));
    expect(trs).toHaveLength(rows.length);
    for (const tr of trs) expect(tr).toMatch(/^<tr><th scope="row" class="num">\d+<\/th>.*<\/tr>$/);
    expect(trs.map((l) => Number(/^<tr><th scope="row" class="num">(\d+)</.exec(l)![1]))).toEqual(
      rows.map((r) => r.seq),
    );
    expect(activity).toContain('\n</tbody></table></section>\n</main>');
  });

  test('JSON: the parts parse back to the report', () => {
    const text = jsonParts(report).join('');
    expect(JSON.parse(text)).toEqual(report);
    const empty = jsonParts({ ...report, activity: [] }).join('');
    expect(empty).toContain('"activity": []');
    expect(JSON.parse(empty)).toEqual({ ...report, activity: [] });
  });
});

test('the Markdown activity table, written out directly, is the table mdTable makes of the same cells', () => {
  // The sample's hostile values (pipes, markup, controls), a text of exactly the widest column,
  // short ones, and an entry backfilled a day late (its recorded time shows the date).
  const base = sampleReport();
  const late = {
    ...base.activity[1]!,
    seq: 101,
    stated_at: base.activity[1]!.at,
    recorded_at: '2026-03-08T22:00:00-06:00',
  };
  const rows = [
    ...base.activity,
    { ...base.activity[0]!, seq: 99, activity: 'x'.repeat(39) + '|' },
    { ...base.activity[1]!, seq: 100, activity: '- a list?' },
    late,
  ];
  // A short text that escaping doubles sets the width of its column alone.
  const starred = [{ ...base.activity[1]!, activity: '*'.repeat(15) }];
  for (const activity of [rows, rows.slice(1, 3), starred, []]) {
    const text = markdownParts({ ...base, activity }).join('');
    const cells = activity.map((a) => [
      wallDate(a.at),
      wallTime(a.at),
      a.stated_at === null ? '' : timeBeside(a.recorded_at, a.at),
      roleLabel(a.by.role),
      a.by.name,
      a.activity,
      String(a.seq),
    ]);
    const table = mdTable(['Date', 'Time', 'Recorded', 'Role', 'Person', 'Activity', 'Seq'], cells);
    expect(text.endsWith(`\n\n${table}\n`)).toBe(true);
  }
});

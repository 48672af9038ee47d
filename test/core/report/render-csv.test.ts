import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { BOM, CSV_HEADER, csvField, renderCsv } from '../../../src/core/report/render-csv.js';
import { visible } from '../../../src/core/text/visible.js';
import { HOSTILE, sampleReport } from './fixtures.js';
import { parseCsv, runsAsFormula } from './rfc4180.js';

function table(csv: string) {
  expect(csv.startsWith(BOM)).toBe(true);
  const records = parseCsv(csv.slice(BOM.length));
  const [head, ...rows] = records;
  return { head: head!.map((f) => f.text), rows };
}

describe('the test reader (rfc4180.ts)', () => {
  test('reads quoted fields with doubled quotes, commas and line breaks', () => {
    expect(parseCsv('"a ""b"", c","x\r\ny",3\r\n')).toEqual([
      [
        { text: 'a "b", c', quoted: true },
        { text: 'x\r\ny', quoted: true },
        { text: '3', quoted: false },
      ],
    ]);
  });
  test.each([
    ['a bare quote', 'a"b,c\r\n'],
    ['LF between records', 'a,b\nc,d\r\n'],
    ['no final CRLF', 'a,b'],
    ['text after a closing quote', '"a"b,c\r\n'],
    ['an unterminated quote', '"abc\r\n'],
  ])('rejects %s (negative control)', (_name, text) => {
    expect(() => parseCsv(text)).toThrow();
  });
  test('the formula checker flags what it should (negative control)', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '\uff1d1'])
      expect(runsAsFormula(cell)).toBe(true);
    for (const cell of ["'=1+1", 'Press conference', '1', '']) expect(runsAsFormula(cell)).toBe(false);
  });
});

describe('renderCsv', () => {
  const report = sampleReport();
  const csv = renderCsv(report);
  const { head, rows } = table(csv);

  test('UTF-8 BOM, a header row, CRLF records, one row per compliance item', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(head).toEqual(CSV_HEADER);
    expect(rows).toHaveLength(report.compliance.length);
    expect(csv.endsWith('\r\n')).toBe(true);
    for (const r of rows) expect(r).toHaveLength(CSV_HEADER.length);
  });

  test('cells round-trip, with minutes as bare numbers', () => {
    const col = (name: string) => head.indexOf(name);
    const late = rows.find((r) => r[col('action')]!.text === 'press-conference')!;
    expect(late[col('late_by_minutes')]).toEqual({ text: '65', quoted: false });
    expect(late[col('occurrence')]).toEqual({ text: '0', quoted: false });
    expect(late[col('outcome')]).toEqual({ text: 'late', quoted: true });
    expect(late[col('due')]!.text).toBe('2026-03-08T10:00:00-05:00');
    const held = rows.find((r) => r[col('action')]!.text === 'holding-statement')!;
    expect(held[col('title')]!.text).toBe(`Holding statement ${HOSTILE.pipe}`);
    expect(held[col('reason')]!.text).toBe(HOSTILE.quote);
    expect(held[col('extensions')]).toEqual({ text: '1', quoted: false });
    expect(held[col('completed_by_name')]!.text).toBe(HOSTILE.apostrophe);
    const open = rows.find((r) => r[col('action')]!.text === 'records-request')!;
    expect(open[col('completed_at')]).toEqual({ text: '', quoted: false });
    expect(open[col('late_by_minutes')]).toEqual({ text: '', quoted: false });
  });

  test('formulas are neutralised with a leading apostrophe', () => {
    const col = (name: string) => head.indexOf(name);
    const cells = rows.flatMap((r) => r.filter((f) => f.quoted).map((f) => f.text));
    expect(cells.filter(runsAsFormula)).toEqual([]);
    const skipped = rows.find((r) => r[col('reason')]!.text.includes('HYPERLINK'))!;
    expect(skipped[col('reason')]!.text).toBe(`'${HOSTILE.formula}`);
    expect(rows.find((r) => r[col('action')]!.text === 'press-conference')![col('note')]!.text).toBe(
      `'${HOSTILE.plusFormula}`,
    );
    expect(rows.find((r) => r[col('action')]!.text === 'after-action-review')![col('reason')]!.text).toBe(
      `'${HOSTILE.leadingDash}`,
    );
    // Not at the start of the cell: left alone.
    expect(rows.find((r) => r[col('action')]!.text === 'records-request')![col('title')]!.text).toBe(
      `Sunshine request: ${HOSTILE.atFormula}`,
    );
  });

  test('control characters are shown, not written raw', () => {
    const col = head.indexOf('note');
    const note = rows.find((r) => r[head.indexOf('action')]!.text === 'notify-city-manager')![col]!.text;
    expect(note).toBe('approved: NO\\rapproved: YES');
    expect(csv).not.toMatch(/[\x1b\u202e]/);
  });

  test.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@A1', "'@A1"],
    ['\t=1', "'\\t=1"],
    ['\r=1', "'\\r=1"],
    ['\uff1d1', "'\uff1d1"],
  ])('csvField neutralises %j', (raw, expected) => {
    const field = parseCsv(csvField(raw) + '\r\n')[0]![0]!;
    expect(field.text).toBe(expected.replace('\\t', '\t'));
  });

  test('any text survives: parsed back it is the visible form, neutralised if a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (values) => {
        const line = values.map(csvField).join(',') + '\r\n';
        const [record] = parseCsv(line);
        expect(record!.map((f) => f.text)).toEqual(values.map((v) => visible(runsAsFormula(v) ? `'${v}` : v)));
        for (const f of record!) expect(runsAsFormula(f.text)).toBe(false);
      }),
    );
  });
});

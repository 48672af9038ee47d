/**
 * Writing a report as a stream: every format rendered in one pass over the rows, into its own
 * sink, is the text each renderer makes whole; pieces of bytes are the same bytes.
 */
import { expect, test } from '@jest/globals';
import { REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import { memorySource, renderInto, renderToBytes } from '../../../src/io/report/write.js';
import { sampleReport } from '../../core/report/fixtures.js';

test('all formats in one pass over the rows are each the whole text its renderer makes', async () => {
  const report = sampleReport();
  const texts = REPORT_FORMAT_NAMES.map(() => [] as string[]);
  const sinks = texts.map((t) => ({ write: (chunk: string) => void t.push(chunk) }));
  await renderInto(memorySource(report), REPORT_FORMAT_NAMES, sinks, () => Promise.resolve());
  REPORT_FORMAT_NAMES.forEach((name, k) => {
    if (reportFormats[name].parts.row) expect(texts[k]!.length).toBeGreaterThan(report.activity.length);
    expect(texts[k]!.join('')).toBe(reportFormats[name].render(report));
  });
});

test('as bytes, each format is its text in UTF-8', async () => {
  const report = sampleReport();
  const bytes = await renderToBytes(memorySource(report), REPORT_FORMAT_NAMES);
  REPORT_FORMAT_NAMES.forEach((name, k) =>
    expect(bytes[k]!.equals(Buffer.from(reportFormats[name].render(report), 'utf8'))).toBe(true),
  );
});

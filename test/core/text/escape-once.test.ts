/**
 * Each output format shows text escaped exactly once: a value holding a table pipe, a backslash
 * and a real control character reads, once the format's own escaping is undone (a Markdown
 * renderer, an HTML parser, a CSV reader, an iCalendar reader), exactly as the terminal shows it:
 * the pipe as typed, the backslash as `\\`, the control character as `\x07`. A format that escaped
 * twice would show `\\\\` or `\\x07`; one that forgot would show the raw character.
 */
import { describe, expect, test } from '@jest/globals';
import ICAL from 'ical.js';
import MarkdownIt from 'markdown-it';
import { renderCalendar } from '../../../src/core/calendar/ics.js';
import { csvField } from '../../../src/core/report/render-csv.js';
import { esc, escLine } from '../../../src/core/report/html-escape.js';
import { mdQuote, mdText, mdVerbatim } from '../../../src/core/report/render-md.js';
import { oneLine, readVisible, visible } from '../../../src/core/text/visible.js';

const VALUE = 'cars | officers \\ C:\\temp \x07 \\e[31m';
const SHOWN = 'cars | officers \\\\ C:\\\\temp \\x07 \\\\e[31m';

const md = new MarkdownIt({ html: true, linkify: true });
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const htmlText = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => entities[e]!)
    .trim();
/** One RFC 4180 field: the quotes taken off, doubled quotes made single. */
const csvText = (field: string) => field.slice(1, -1).replace(/""/g, '"');

function calendarSummary(title: string): { summary: string; description: string } {
  const ics = renderCalendar(
    [
      {
        action: 'brief',
        occurrence: 0,
        title,
        kind: 'task',
        owner: { id: 'pio', title: 'PIO' },
        approvers: [],
        extensions: 0,
        references: [],
        due: '2026-03-07T23:00:00-06:00',
      } as never,
    ],
    { incident: '2026-0001', title: 'x', zone: 'America/Chicago', generatedAt: '2026-03-07T22:00:00-06:00' },
  );
  const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
  return {
    summary: String(event.getFirstPropertyValue('summary')),
    description: String(event.getFirstPropertyValue('description')),
  };
}

describe('what a reader sees of one value, per format', () => {
  test('the terminal shows the agreed escaping, and it reads back to the value', () => {
    expect(oneLine(VALUE)).toBe(SHOWN);
    expect(readVisible(SHOWN)).toBe(VALUE);
  });

  test.each<[string, () => string]>([
    ['Markdown text (rendered)', () => htmlText(md.renderInline(mdText(VALUE)))],
    ['Markdown quote (rendered)', () => htmlText(md.render(mdQuote(VALUE).join('\n')))],
    ['Markdown code block (rendered)', () => htmlText(md.render(mdVerbatim(VALUE)))],
    ['HTML text', () => htmlText(esc(VALUE))],
    ['HTML one line', () => htmlText(escLine(VALUE))],
    ['CSV field', () => csvText(csvField(VALUE))],
    ['iCalendar summary', () => calendarSummary(VALUE).summary.replace(/^\[2026-0001\] (.*) \(PIO\)$/, '$1')],
  ])('%s', (_format, shown) => {
    expect(shown()).toBe(SHOWN);
  });

  test('multi-line text keeps its lines and escapes the rest once', () => {
    expect(htmlText(esc(`${VALUE}\n${VALUE}`))).toBe(`${SHOWN}\n${SHOWN}`);
    expect(csvText(csvField(`${VALUE}\n${VALUE}`))).toBe(`${SHOWN}\n${SHOWN}`);
    expect(visible(`${VALUE}\n${VALUE}`)).toBe(`${SHOWN}\n${SHOWN}`);
  });

  test('negative control: escaping twice is caught by the same comparison', () => {
    expect(htmlText(esc(oneLine(VALUE)))).not.toBe(SHOWN);
    expect(htmlText(md.renderInline(mdText(oneLine(VALUE))))).not.toBe(SHOWN);
  });
});

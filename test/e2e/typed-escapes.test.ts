/**
 * A note that says `\e[31m` in so many characters and a note holding a real ESC print differently
 * everywhere a person reads them: `cic log`, `cic status`, and the report's Markdown (as rendered),
 * HTML (as a browser shows it) and CSV (as a spreadsheet reads it). Each shows the agreed terminal
 * escaping exactly once (a backslash as `\\`, ESC as `\e`, BEL as `\x07`, a pipe as typed), and
 * the JSON report keeps the text exactly as typed. Through the built binary.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import MarkdownIt from 'markdown-it';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLine, readVisible } from '../../src/core/text/visible.js';
import { makeWorkspace, type Ws } from '../cli/report/workspace.js';

const TYPED = 'typed \\e[31m | \x07';
const REAL = 'real \x1b[31m | \x07';
const TYPED_SHOWN = 'typed \\\\e[31m | \\x07';
const REAL_SHOWN = 'real \\e[31m | \\x07';

let ws: Ws;
let reports: string;
const read = (ext: string) => readFileSync(join(reports, `report-${ws.id}.${ext}`), 'utf8');
/** Lines a view wrapped, joined back (the wrap only ever breaks at a space). */
const unwrapped = (text: string) => text.replace(/\n +/g, ' ');
const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const shownByBrowser = (html: string) =>
  html.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITY[e]!);

beforeAll(async () => {
  ws = await makeWorkspace();
  reports = join(ws.root, 'incidents', ws.id, 'reports');
  await ws.ok(['done', 'notify-city-manager', '--note', TYPED], { at: '02:14', as: 'police-chief' });
  await ws.ok(['done', 'brief-mayor-board', '--note', REAL], { at: '02:16' });
  await ws.ok(['report'], { at: '02:30' });
});

afterAll(() => ws?.remove());

describe.each<[string, () => Promise<string> | string]>([
  ['cic log', async () => unwrapped((await ws.ok(['log'], { at: '02:30' })).stdout)],
  ['cic status', async () => unwrapped((await ws.ok(['status'], { at: '02:30' })).stdout)],
  ['the Markdown report, rendered', () => shownByBrowser(new MarkdownIt({ linkify: true }).render(read('md')))],
  ['the HTML report, as a browser shows it', () => shownByBrowser(read('html'))],
  ['the CSV report, as a spreadsheet reads it', () => read('csv').replace(/""/g, '"')],
])('%s', (_where, output) => {
  let text = '';
  beforeAll(async () => {
    text = await output();
  });

  test('shows the typed escape and the real ESC differently, each escaped exactly once', () => {
    expect(text).toContain(TYPED_SHOWN);
    expect(text).toContain(REAL_SHOWN);
    expect(text).not.toContain('\\\\\\'); // no backslash escaped twice
    expect(text).not.toMatch(/[\x07\x1b]/); // and no raw control character
  });

  test('what it shows reads back to exactly what was typed', () => {
    const shown = (word: string) => new RegExp(`${word} \\S+ \\| \\\\x07`).exec(text)?.[0];
    expect(readVisible(shown('typed') ?? '')).toBe(TYPED);
    expect(readVisible(shown('real') ?? '')).toBe(REAL);
  });
});

test('the Markdown source escapes once for the terminal, then once for Markdown', () => {
  const md = read('md');
  expect(md).toContain('typed \\\\\\\\e\\[31m \\| \\\\x07');
  expect(md).toContain('real \\\\e\\[31m \\| \\\\x07');
});

test('the JSON report carries the notes exactly as typed', () => {
  const json = read('json');
  expect(json).not.toMatch(/[\x07\x1b]/); // JSON writes them as \u0007, \u001b
  const notes = (JSON.parse(json) as { compliance: { note: string | null }[] }).compliance.map((r) => r.note);
  expect(notes).toEqual(expect.arrayContaining([TYPED, REAL]));
});

describe('a backslash in every kind of data is escaped once by what prints it', () => {
  let sweep: Ws;
  const recorded: [string, string][] = [];
  beforeAll(async () => {
    sweep = await makeWorkspace();
    const by = { name: 'Pat\\Lee' };
    const record = async (args: string[], options: { at: string; as?: string; name?: string }) =>
      void recorded.push([args[0]!, (await sweep.ok(args, options)).stdout]);
    await record(['fact', 'set', 'incident_location=Forsyth\\Hanley'], { at: '02:06', as: 'police-chief', ...by });
    await record(['done', 'notify-city-manager', '--note', 'by phone\\1'], { at: '02:14', as: 'police-chief', ...by });
    await record(['skip', 'brief-mayor-board', '--reason', 'on scene\\2'], { at: '02:20', ...by });
    await record(['note', 'C:\\temp'], { at: '02:25', ...by });
  });
  afterAll(() => sweep?.remove());

  /** Every backslash shown is one of a pair: escaped once, never twice (`\\\\`) nor left alone. */
  const escapedOnce = (text: string) => text.match(/\\+/g)?.every((run) => run.length === 2) ?? false;

  test('what the recording commands print', () => {
    for (const [command, stdout] of recorded) expect([command, escapedOnce(stdout)]).toEqual([command, true]);
  });

  test.each([
    ['log', ['Pat\\\\Lee', 'Forsyth\\\\Hanley', 'by phone\\\\1', 'on scene\\\\2', 'C:\\\\temp']],
    ['status', ['by phone\\\\1', 'on scene\\\\2']],
  ])('cic %s', async (command, shown) => {
    const r = await sweep.ok([command], { at: '02:30' });
    expect(escapedOnce(r.stdout)).toBe(true);
    for (const s of shown) expect(r.stdout.replace(/\n +/g, ' ')).toContain(s);
  });

  test('negative control: text escaped twice, or not at all, is caught', () => {
    expect(escapedOnce(oneLine('C:\\temp'))).toBe(true);
    expect(escapedOnce(oneLine(oneLine('C:\\temp')))).toBe(false);
    expect(escapedOnce('C:\\temp')).toBe(false);
  });
});

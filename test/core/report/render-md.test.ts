import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mdTable, mdText, renderMarkdown } from '../../../src/core/report/render-md.js';
import { isPlainLine, readVisible } from '../../../src/core/text/visible.js';
import { HOSTILE, sampleReport } from './fixtures.js';

/** Cells of a pipe-table line, splitting only on pipes not escaped by a backslash. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      cell += c + (line[i + 1] ?? '');
      i++;
    } else if (c === '|') {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out.slice(1, -1); // a row starts and ends with a pipe
}

/** Characters outside escapes that would start markup in CommonMark/GFM inline text. */
function rawMarkup(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if ('<`*_[]|~$'.includes(text[i]!)) found.push(text[i]!);
  }
  return found;
}

/** Every table in the document: each row has as many cells as its header. */
function brokenTableRows(md: string): string[] {
  const bad: string[] = [];
  let width = -1;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      width = -1;
      continue;
    }
    const n = cells(line).length;
    if (width === -1) width = n;
    else if (n !== width || !line.endsWith('|')) bad.push(line);
  }
  return bad;
}

describe('the test checkers', () => {
  test('cells() splits on bare pipes only', () => {
    expect(cells('| a \\| b | c |')).toEqual([' a \\| b ', ' c ']);
  });
  test('a raw pipe in a cell breaks the table (negative control)', () => {
    expect(brokenTableRows('| a | b |\n|---|---|\n| x | y |\n| x | y | z |')).toEqual(['| x | y | z |']);
    expect(brokenTableRows('| a | b |\n|---|---|\n| x \\| y | z |')).toEqual([]);
  });
  test('rawMarkup() finds unescaped markup (negative control)', () => {
    expect(rawMarkup('a *b* \\*c\\*')).toEqual(['*', '*']);
  });
});

describe('mdText', () => {
  test.each([
    ['pipe', 'a | b', 'a \\| b'],
    ['html', '<script>alert(1)</script>', '\\<script>alert(1)\\</script>'],
    ['emphasis and code', '*b* _i_ `c`', '\\*b\\* \\_i\\_ \\`c\\`'],
    ['link', '[x](http://evil.example)', '\\[x\\](http\\://evil.example)'],
    ['heading at start', '# Title', '\\# Title'],
    ['closing heading hashes', 'Fire ##', 'Fire \\##'],
    ['hash inside a word stays', 'public-update#2', 'public-update#2'],
    ['entity', '&amp; &#60;', '\\&amp; \\&#60;'],
    ['plain ampersand stays', 'Q&A & more', 'Q&A & more'],
    ['list marker', '- item', '\\- item'],
    ['ordered list marker', '1. first', '1\\. first'],
    ['a number is not a list', '57.1 %', '57.1 %'],
    ['quote', '> quoted', '\\> quoted'],
    ['setext underline', '===', '\\==='],
    ['backslash', 'C:\\temp', 'C:\\\\\\\\temp'],
    ['typed escape', 'a \\e[31m', 'a \\\\\\\\e\\[31m'],
    ['strike and math', '~~x~~ $y$', '\\~\\~x\\~\\~ \\$y\\$'],
    ['carriage return', HOSTILE.cr, 'approved: NO\\\\rapproved: YES'],
    ['newline', 'a\nb', 'a\\\\nb'],
    ['ANSI escape', HOSTILE.ansi, '\\\\e\\[31mRED ALERT\\\\e\\[0m'],
    ['bidi override', HOSTILE.bidi, 'invoice\\\\u{202e}gpj.exe'],
  ])('%s', (_name, raw, expected) => {
    expect(mdText(raw)).toBe(expected);
  });

  test('any text stays one line, in one table cell, with no raw markup', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const table = mdTable(['A', 'B'], [[a, b]]);
        const lines = table.split('\n');
        expect(lines).toHaveLength(3);
        expect(cells(lines[2]!)).toHaveLength(2);
        for (const text of [mdText(a), mdText(b)]) {
          expect(rawMarkup(text)).toEqual([]);
          expect(text).not.toMatch(/[\r\n\u2028\u2029\u202e\x1b]/);
        }
      }),
    );
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(sampleReport());

  test('has the sections a clerk looks for', () => {
    for (const h of [
      '# After-action report: 2026-0007',
      '## Summary',
      '## Integrity',
      '## Tier history',
      '## Compliance',
      '## Statements',
      '### Facts that changed between statements',
      '## Activity log (ICS 214)',
    ]) {
      expect(md).toContain(h);
    }
  });

  test('no table row is broken by the data', () => {
    expect(md.split('\n').filter((l) => l.startsWith('|')).length).toBeGreaterThan(40);
    expect(brokenTableRows(md)).toEqual([]);
  });

  test('contains no HTML, no control characters and no unescaped markup from the data', () => {
    // Statement texts are indented code blocks (nothing in one is markup); the rest is escaped.
    const prose = md
      .split('\n')
      .filter((l) => !l.startsWith('    '))
      .join('\n');
    expect(prose).not.toMatch(/(^|[^\\])</m);
    expect(md).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(md).toContain(
      '# After-action report: 2026-0007, Traffic stop video \\<script>alert("x")\\</script> \\| "Loop"',
    );
  });

  test('escapes each hostile value where it appears', () => {
    expect(md).toContain('| Sam invoice\\\\u{202e}gpj.exe |');
    expect(md).toContain('\\\\e\\[31mRED ALERT\\\\e\\[0m approved: NO\\\\rapproved: YES');
    expect(md).toContain(
      '\\# Heading \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](http\\://evil.example) \\<b>html\\</b> \\~\\~x\\~\\~ \\$x\\$',
    );
    expect(md).toContain('| \\- not a list item');
    expect(md).toContain("O'Brien's \\<b>");
    expect(md).toContain('Holding statement Cars \\| officers \\| witnesses');
  });

  test('shows times as 24-hour wall clock in the zone, and both times of a backfilled entry', () => {
    expect(md).toContain('- Times: 24-hour, America/Chicago');
    // 03:30 CDT, after the 02:00 spring-forward: the wall clock from the offset in the data.
    expect(md).toMatch(
      /\| board-briefing#0 +\| Brief the Board of Aldermen +\| City Manager +\| 2026-03-08 03:50 \| done +\| 03:30 /,
    );
    expect(md).toMatch(/\| 2026-03-07 \| 22:10 \| 22:40 +\| Chief of Police/);
  });

  test('reports lateness, extensions and milestones in words', () => {
    expect(md).toContain('late by 1 h 05 min');
    expect(md).toContain('- On-time rate: 57.1 % (4 of 7 deadlines that came due)');
    expect(md).toContain('- Board briefing: 4 h 30 min after declaration (2026-03-08 03:30, board-briefing)');
    expect(md).toContain(
      '- holding-statement#0: 2026-03-07 23:50 → 2026-03-08 00:50, by Pat Reyes (City Manager) at 2026-03-07 23:40: He said "stay back" & left',
    );
  });
});

test('every character visible() escapes is escaped by mdText too (its fast path included)', () => {
  const missed: string[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    for (const text of [ch, `a${ch}b`]) {
      // Escaped exactly once: the Markdown escapes taken off, what is left reads back to the text.
      const out = mdText(text);
      if (!isPlainLine(out) || readVisible(out.replace(/\\([!-/:-@[-`{-~])/g, '$1')) !== text)
        missed.push(cp.toString(16));
    }
  }
  expect(missed).toEqual([]);
});

import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { esc, escLine } from '../../../src/core/report/html-escape.js';
import { isPlainLine, readVisible } from '../../../src/core/text/visible.js';

const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unHtml = (html: string) => html.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITY[e]!);
import { renderHtml } from '../../../src/core/report/render-html.js';
import { renderTimeline } from '../../../src/core/report/timeline-svg.js';
import { externalRefs, textOutsideTags } from './html-checks.js';
import { HOSTILE, OWNER_LANES, sampleReport } from './fixtures.js';

describe('esc', () => {
  test.each([
    ['<script>', '&lt;script&gt;'],
    ['a & b', 'a &amp; b'],
    ['"q"', '&quot;q&quot;'],
    ["it's", 'it&#39;s'],
    ['&amp;', '&amp;amp;'],
    [HOSTILE.cr, 'approved: NO\\rapproved: YES'],
    [HOSTILE.bidi, 'invoice\\u{202e}gpj.exe'],
    [HOSTILE.ansi, '\\e[31mRED ALERT\\e[0m'],
    ['typed \\e[31m', 'typed \\\\e[31m'],
    ['C:\\temp', 'C:\\\\temp'],
  ])('%j', (raw, expected) => expect(esc(raw)).toBe(expected));

  test('any text comes out with no markup characters and no invisible ones', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        for (const out of [esc(s), escLine(s)]) {
          expect(out).not.toMatch(/[<>"'\x00-\x08\x0b-\x1f\x7f\u202e]/);
          expect(out).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
        }
        expect(escLine(s)).not.toMatch(/[\n\t]/);
      }),
    );
  });
});

test('every character visible() escapes is escaped by esc and escLine too (their fast paths included)', () => {
  const missed: string[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    for (const text of [ch, `a${ch}b`]) {
      // Escaped exactly once: what a browser shows reads back to the text, and nothing invisible is left.
      if (readVisible(unHtml(esc(text))) !== text || !isPlainLine(esc(text).replace(/[\n\t]/g, '')))
        missed.push(`esc ${cp.toString(16)}`);
      if (readVisible(unHtml(escLine(text))) !== text || !isPlainLine(escLine(text)))
        missed.push(`escLine ${cp.toString(16)}`);
      if (/[<>"']/.test(esc(text)) || /[<>"']/.test(escLine(text))) missed.push(`markup ${cp.toString(16)}`);
    }
  }
  expect(missed).toEqual([]);
});

describe('the external-reference checker', () => {
  test.each([
    ['<img src="https://x.example/a.png">'],
    ['<link rel="stylesheet" href="https://fonts.example/css">'],
    ['<style>@import "x.css";</style>'],
    ['<div style="background: url(https://x.example/a.png)">'],
    ['<script>fetch("/x")</script>'],
    ['<a href="http://x.example">x</a>'],
    ['<svg><image xlink:href="http://x.example/a.svg"/></svg>'],
    ['<body onload="go()">'],
    ['<meta http-equiv="refresh" content="0;url=http://x.example">'],
  ])('flags %s (negative control)', (page) => {
    expect(externalRefs(page).length).toBeGreaterThan(0);
  });
  test('passes plain markup, and a URL that is only text', () => {
    expect(externalRefs('<p>See https://revisor.mo.gov/ for the statute.</p>')).toEqual([]);
  });
});

describe('renderHtml', () => {
  const report = sampleReport();
  const html = renderHtml(report);

  test('is one self-contained page with nothing to load or run', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(externalRefs(html)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  test('a Content-Security-Policy that forbids every load and admits exactly its stylesheet', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const digest = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${digest}'`);
    // The policy comes before the stylesheet it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  test('prints cleanly: a print stylesheet, page breaks between sections, light backgrounds', () => {
    expect(html).toContain('@media print');
    expect(html).toMatch(/section \{ break-before: page; \}/);
    const colours = [...html.matchAll(/background(?:-color)?:\s*([^;}]+)/g)].map((m) => m[1]!.trim());
    expect(colours.length).toBeGreaterThan(0);
    for (const c of colours) expect(c).toMatch(/^(#fff|#f[0-9a-f]{5}|#fafafa|var\(--band\))$/i);
  });

  test('escapes every hostile value', () => {
    const text = textOutsideTags(html);
    expect(html).toContain('Traffic stop video &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | &quot;Loop&quot;');
    expect(html).toContain('<title>After-action report 2026-0007: Traffic stop video &lt;script&gt;');
    expect(html).toContain('O&#39;Brien&#39;s &lt;b&gt;');
    expect(html).toContain('Sam invoice\\u{202e}gpj.exe');
    expect(html).toContain('\\e[31mRED ALERT\\e[0m approved: NO\\rapproved: YES');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;Click for details&quot;)');
    expect(text).not.toMatch(/[<>]/);
    expect(html).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(html).not.toContain('<b>');
  });

  test('tables have header cells with scope', () => {
    const th = [...html.matchAll(/<th\b([^>]*)>/g)].map((m) => m[1]!);
    expect(th.length).toBeGreaterThan(50);
    for (const attrs of th) expect(attrs).toMatch(/scope="(col|row)"/);
  });

  test('outcomes are in words, not only in colour', () => {
    expect(html).toContain('<td class="outcome late">late by 22 min</td>');
    expect(html).toContain('<td class="outcome missed">missed</td>');
    expect(html).toContain('<td class="outcome extended">extended</td>');
  });
});

describe('renderTimeline', () => {
  const report = sampleReport();
  const svg = renderTimeline(report);

  test('is labelled for assistive technology', () => {
    expect(svg).toMatch(/^<svg class="timeline" role="img" aria-labelledby="timeline-title timeline-desc"/);
    expect(svg).toContain(
      '<title id="timeline-title">Timeline of deadlines and completions by role, America/Chicago 24-hour time</title>',
    );
    expect(svg).toContain('<desc id="timeline-desc">9 deadlines in 4 lanes, 3 late or missed,');
  });

  test('one lane per owning role, in order of their first item', () => {
    expect([...svg.matchAll(/<g class="lane" data-role="([^"]+)">/g)].map((m) => m[1])).toEqual(OWNER_LANES);
  });

  test('marks late, missed and extended items with a shape and words', () => {
    const late =
      /<g class="item o-late" data-outcome="late" data-item="press-conference#0"><title>([^<]+)<\/title>(.*?)<\/g>/.exec(
        svg,
      );
    expect(late?.[1]).toBe(
      'Press conference (press-conference#0), late by 1 h 05 min, due 2026-03-08 10:00, done 2026-03-08 11:05',
    );
    expect(late?.[2]).toContain('class="done-late"');
    expect(late?.[2]).toContain('>+1 h 05 min</text>');
    expect(svg).toMatch(
      /data-item="public-update#2"><title>[^<]*missed[^<]*<\/title><path class="due"[^>]*\/><path class="missed"/,
    );
    expect(svg).toMatch(
      /data-item="holding-statement#0"><title>[^<]*originally due 2026-03-07 23:50[^<]*<\/title><line class="extension"/,
    );
  });

  test("the x axis is in the zone's 24-hour time, skipping the hour DST skips", () => {
    const ticks = [...svg.matchAll(/<text class="tick" [^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(ticks).toEqual(['22:00', '00:00', '04:00', '06:00', '08:00', '10:00', '12:00', '14:00']);
  });

  test('escapes lane titles and item titles', () => {
    const r = sampleReport();
    r.compliance[0]!.owner = { id: 'x"><script>', title: '<img src=x onerror=alert(1)>' };
    r.compliance[0]!.title = HOSTILE.script;
    const out = renderTimeline(r);
    expect(externalRefs(out)).toEqual([]);
    expect(out).toContain('data-role="x&quot;&gt;&lt;script&gt;"');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('draws nothing, and says so, when nothing has a deadline', () => {
    const r = sampleReport();
    r.compliance = [];
    expect(renderTimeline(r)).toBe('<p class="empty">No deadlines to draw.</p>');
  });
});

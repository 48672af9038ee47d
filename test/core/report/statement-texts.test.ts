/**
 * The report carries the words: every released version's exact text, who drafted and approved it
 * and when, where and when it went out, its facts and what changed from an earlier release; drafts
 * never released too. Markdown, HTML and JSON carry the text, the CSV its digest and where it is.
 */
import { describe, expect, test } from '@jest/globals';
import { appendixEntries } from '../../../src/core/report/appendix.js';
import { renderCsv } from '../../../src/core/report/render-csv.js';
import { renderHtml } from '../../../src/core/report/render-html.js';
import { renderJson } from '../../../src/core/report/render-json.js';
import { mdVerbatim, renderMarkdown } from '../../../src/core/report/render-md.js';
import { visible } from '../../../src/core/text/visible.js';
import { HOSTILE, sampleReport } from './fixtures.js';
import { parseCsv } from './rfc4180.js';

const report = sampleReport();
const [hs1, hs2] = report.statements[0]!.versions;
const pu1 = report.statements[1]!.versions[0]!;

describe('which versions, in which order', () => {
  test('released versions by first release, then the drafts never released', () => {
    const { released, unreleased } = appendixEntries(report);
    expect(released.map((e) => `${e.statement} v${e.version}`)).toEqual(['holding-statement v2', 'public-update v1']);
    expect(unreleased.map((e) => `${e.statement} v${e.version}`)).toEqual(['holding-statement v1']);
  });

  test('each entry says who drafted and approved it, when, where it went out, its facts and what changed', () => {
    const [v2, pu] = appendixEntries(report).released;
    const details = Object.fromEntries(v2!.details);
    expect(details.Released).toBe(
      `2026-03-08 00:20 on press-release, social, by ${report.statements[0]!.releases[0]!.by.name} (Police Public Information Officer)`,
    );
    expect(details.Drafted).toMatch(/^2026-03-07 23:45 by .* \(edited by hand and registered\)$/);
    expect(details.Approved).toBe(
      'Mary Okafor as Chief of Police, 2026-03-08 00:05; Pat Reyes as City Manager, 2026-03-08 00:10, accepting: Estimated time',
    );
    expect(details['Facts used']).toBe('vehicles = four patrol cars');
    expect(details.Record).toBe(`log entry #8; text SHA-256 ${hs2!.sha256}`);
    expect(Object.fromEntries(pu!.details)['Changed from an earlier release']).toBe(
      `vehicles: was four patrol cars in holding-statement v2 (2026-03-08 00:20), now six patrol cars ${HOSTILE.pipe}`,
    );
    // Negative control: the first release changed nothing.
    expect(Object.keys(Object.fromEntries(v2!.details))).not.toContain('Changed from an earlier release');
  });
});

describe('every format', () => {
  test('Markdown: each version’s words as an indented code block, exactly (controls made visible)', () => {
    const md = renderMarkdown(report);
    for (const v of [hs1!, hs2!, pu1]) expect(md).toContain(mdVerbatim(v.text));
    expect(mdVerbatim('a\n\n<b>x</b>\n')).toBe('    a\n\n    <b>x</b>');
    expect(md).toContain(`    - ${visible(HOSTILE.cr)} ${visible(HOSTILE.bidi)}`);
    expect(md).toMatch(
      /## Statement texts\n\nEvery released statement[^\n]*\n\n### Holding statement .*\(holding-statement\) v2/,
    );
  });

  test('HTML: each version’s words in a <pre>, escaped', () => {
    const html = renderHtml(report);
    expect(html).toContain(
      '<pre class="words"># Holding statement\n\n# Heading *bold* _it_ `code` [link](http://evil.example) &lt;b&gt;html&lt;/b&gt; ~~x~~ $x$\n&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect(html).toContain('id="text-holding-statement-v2"');
    expect(html).not.toContain('<script>');
  });

  test('JSON: the text of every version, as it was', () => {
    const json = JSON.parse(renderJson(report)) as typeof report;
    expect(json.statements.flatMap((s) => s.versions.map((v) => v.text))).toEqual([hs1!.text, hs2!.text, pu1.text]);
    expect(json.statements[0]!.versions[1]!.facts).toEqual([{ fact: 'vehicles', value: 'four patrol cars' }]);
  });

  test('CSV: a released statement’s row carries its version, digest and where its words are; others none', () => {
    const rows = parseCsv(renderCsv(report).slice(1)).map((r) => r.map((f) => f.text));
    const head = rows[0]!;
    const col = (name: string) => head.indexOf(name);
    const holding = rows.find((r) => r[col('action')] === 'holding-statement')!;
    expect(holding[col('statement_version')]).toBe('2');
    expect(holding[col('statement_sha256')]).toBe(hs2!.sha256);
    expect(holding[col('statement_text')]).toBe(
      'report, Statement texts: holding-statement v2; log entry #8; cic statements holding-statement --show 2',
    );
    expect(renderCsv(report)).not.toContain(hs2!.text.slice(0, 20));
    const other = rows.find((r) => r[col('action')] === 'board-briefing')!;
    expect(other[col('statement_sha256')]).toBe('');
  });
});

/**
 * The report's Markdown through two real renderers (markdown-it with linkify, and marked with GFM):
 * nothing a person, a fact or a playbook wrote becomes raw HTML or a link. The golden report holds
 * hostile text everywhere text can go (`<b>`, `=HYPERLINK("http://…")`, bare URLs).
 */
import { describe, expect, test } from '@jest/globals';
import MarkdownIt from 'markdown-it';
import { marked } from 'marked';
import { readFileSync } from 'node:fs';
import { mdQuote, mdText } from '../../../src/core/report/render-md.js';

const report = readFileSync(new URL('golden/report.md', import.meta.url), 'utf8');
const ALLOWED = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const ALLOWED_TOO = new Set(['strong', 'em', 'code', 'pre', 'br', 'hr', 'blockquote']);

const renderers: [string, (md: string) => string][] = [
  ['markdown-it (linkify on)', (md) => new MarkdownIt({ html: true, linkify: true }).render(md)],
  ['marked (GFM)', (md) => marked.parse(md, { gfm: true, async: false })],
];

const tagsOf = (html: string) => new Set([...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((m) => m[1]!.toLowerCase()));

describe.each(renderers)('the report rendered by %s', (_name, render) => {
  test('no data becomes a link or raw HTML', () => {
    const html = render(report);
    expect([...tagsOf(html)].filter((t) => !ALLOWED.has(t) && !ALLOWED_TOO.has(t))).toEqual([]);
    expect(html).not.toMatch(/<a\b/);
    expect(html).toContain('http://evil.example'); // the words are still there, as text
  });

  test('negative control: the same text unescaped does become a link and HTML', () => {
    const html = render('Called http://evil.example/x and wrote <b>bold</b>, www.evil.example, a@evil.example');
    expect(html).toMatch(/<a\b/);
    expect(html).toContain('<b>');
  });

  test('escaped by mdText, URLs, www. and e-mail addresses stay text', () => {
    const html = render(mdText('Called http://evil.example/x, www.evil.example and a@evil.example'));
    expect(html).not.toMatch(/<a\b/);
    expect(html).toContain('http://evil.example/x');
  });

  test('quoted words (run sheet, briefing packet) stay one quote of plain text', () => {
    const html = render(
      mdQuote('Call http://evil.example/x\n\n- not a list\n1. nor this\n<b>no</b> a@evil.example\n').join('\n'),
    );
    expect(html).not.toMatch(/<a\b|<b>|<li>/);
    expect(html.match(/<blockquote>/g)).toHaveLength(1);
  });
});

/**
 * The HTML report in a real headless Chromium (Debian's `chromium`; `.ci/run` installs it):
 * what a clerk sees, with every request the page makes watched. Saves a screenshot to
 * `test/artifacts/report.png` for people to look at.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../../src/core/report/render-html.js';
import { runCic } from '../../helpers/run-cic.js';
import { OWNER_LANES, sampleReport } from './fixtures.js';

// Browser globals used inside page callbacks (the project's tsconfig has no DOM lib).
declare const getComputedStyle: (element: unknown) => Record<string, string>;

// Found on the PATH by jest.config.js (Debian's `chromium`, which `.ci/run` installs).
const CHROMIUM = process.env.CIC_TEST_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = new URL('../../artifacts/', import.meta.url);

let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium (${CHROMIUM}): install it with "apt-get install -y chromium" (.ci/run does).`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  dir = mkdtempSync(join(tmpdir(), 'cic-report-'));
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Open a page from a file, recording every request it makes and every CSP complaint. */
async function open(
  name: string,
  html: string,
): Promise<{ page: Page; requests: string[]; failed: string[]; console: string[] }> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const failed: string[] = [];
  const console: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('console', (m) => console.push(m.text()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, failed, console };
}

const leaving = (urls: string[]) => urls.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));

describe('the HTML report in Chromium', () => {
  test('the request watcher sees a page that reaches out (negative control)', async () => {
    const { page, requests } = await open(
      'leaky.html',
      '<!DOCTYPE html><title>leaky</title><img src="http://127.0.0.1:9/pixel.png" alt="">',
    );
    await page.waitForTimeout(200);
    expect(leaving(requests)).toEqual(['http://127.0.0.1:9/pixel.png']);
    await page.close();
  });

  test('renders the report with no request leaving the file, and saves a screenshot', async () => {
    const report = sampleReport();
    const { page, requests, failed, console } = await open('report.html', renderHtml(report));

    expect(leaving(requests)).toEqual([]);
    expect(failed).toEqual([]);
    expect(console.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);

    // The stylesheet was admitted by the CSP: styles apply.
    expect(await page.$eval('h2', (h) => getComputedStyle(h).borderBottomStyle)).toBe('solid');

    const headings = await page.$$eval('h2', (hs) =>
      hs.map((h) => ({ text: h.textContent, visible: (h as unknown as { offsetHeight: number }).offsetHeight > 0 })),
    );
    expect(headings.map((h) => h.text)).toEqual([
      'Summary',
      'Integrity',
      'Tier history',
      'Timeline',
      'Compliance',
      'Statements',
      'Statement texts',
      'Activity log (ICS 214)',
    ]);
    expect(headings.every((h) => h.visible)).toBe(true);

    // The hostile title is shown as text, not run or parsed.
    expect(await page.title()).toBe(
      'After-action report 2026-0007: Traffic stop video <script>alert("x")</script> | "Loop"',
    );
    expect(await page.$$eval('script', (s) => s.length)).toBe(0);
    expect(await page.$$eval('main b, header b', (b) => b.length)).toBe(0);

    const svg = page.locator('svg.timeline');
    await expect(svg.isVisible()).resolves.toBe(true);
    expect(await svg.getAttribute('aria-labelledby')).toBe('timeline-title timeline-desc');
    const lanes = await page.$$eval('svg.timeline g.lane', (gs) => gs.map((g) => g.getAttribute('data-role')));
    expect(lanes).toEqual(OWNER_LANES);

    // Late items: red in colour, and in words for anyone who cannot see red.
    const late = await page.$$eval('svg.timeline g.item.o-late', (gs) =>
      gs.map((g) => ({
        title: g.querySelector('title')?.textContent ?? '',
        label: g.querySelector('text.late-label')?.textContent ?? '',
        fill: getComputedStyle(g.querySelector('rect.done-late')!).fill,
      })),
    );
    expect(late.map((l) => l.label).sort()).toEqual(['+1 h 05 min', '+22 min']);
    for (const l of late) {
      expect(l.title).toMatch(/late by/);
      expect(l.fill).toBe('rgb(179, 20, 27)');
    }
    const missed = await page.$$eval('svg.timeline g.item.o-missed text.late-label', (t) =>
      t.map((x) => x.textContent),
    );
    expect(missed).toEqual(['missed']);

    const lateCells = await page.$$eval('td.outcome.late', (tds) =>
      tds.map((td) => [td.textContent, getComputedStyle(td).color]),
    );
    expect(lateCells).toEqual([
      ['late by 22 min', 'rgb(179, 20, 27)'],
      ['late by 1 h 05 min', 'rgb(179, 20, 27)'],
    ]);

    // Printing puts each main section on a new page, on white.
    await page.emulateMedia({ media: 'print' });
    expect(await page.$eval('#compliance', (s) => getComputedStyle(s).breakBefore)).toBe('page');
    expect(await page.$eval('body', (b) => getComputedStyle(b).backgroundColor)).toMatch(
      /rgba\(0, 0, 0, 0\)|rgb\(255, 255, 255\)/,
    );
    await page.emulateMedia({ media: 'screen' });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('report.png', ARTIFACTS).pathname, fullPage: true });
    await page.locator('#timeline').screenshot({ path: new URL('report-timeline.png', ARTIFACTS).pathname });
    expect(existsSync(new URL('report.png', ARTIFACTS))).toBe(true);
    await page.close();
  });

  test('the CSP blocks a load that slipped into the page before it leaves the browser', async () => {
    const html = renderHtml(sampleReport()).replace(
      '<main>',
      '<main><img src="http://127.0.0.1:9/slipped.png" alt="">',
    );
    const { page, failed, console } = await open('slipped.html', html);
    await page.waitForTimeout(200);
    expect(failed).toEqual(['http://127.0.0.1:9/slipped.png csp']);
    expect(console.some((m) => /Content Security Policy/i.test(m))).toBe(true);
    await page.close();
  });

  test('the demo’s compliance table prints on at most 3 Letter pages (counted in Chromium’s PDF)', async () => {
    const kept = join(dir, 'demo');
    const demo = await runCic(['demo', '--keep', kept], { cwd: dir });
    expect(demo.code).toBe(0);
    const html = readFileSync(join(kept, 'incidents', '2026-0001', 'reports', 'report-2026-0001.html'), 'utf8');
    const { page } = await open('demo.html', html);
    const pages = async () => {
      const pdf = Buffer.from(await page.pdf({ format: 'Letter' })).toString('latin1');
      return (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    };
    // Only the table: every other section, and what follows the table, hidden.
    await page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: { querySelectorAll(q: string): { id: string; style: { display: string } }[] };
        }
      ).document;
      for (const e of doc.querySelectorAll('header, footer, section'))
        if (e.id !== 'compliance') e.style.display = 'none';
      for (const e of doc.querySelectorAll('#compliance > h3, #compliance > ul')) e.style.display = 'none';
    });
    const table = await pages();
    expect(table).toBeGreaterThan(0);
    expect(table).toBeLessThanOrEqual(3);
    await page.close();
  }, 120_000);
});

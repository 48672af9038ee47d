/**
 * Rendering report formats on a second thread (src/report/render-thread.ts) writes exactly the
 * files rendering here writes, and none for a report that fails its schema check. Run against the built module in dist/ (npm test builds first),
 * where the worker script exists and a real thread runs; from the sources the same function
 * renders on this thread, which is checked too.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml } from '../../src/report/render-html.js';
import { parseRows, renderJson } from '../../src/report/render-json.js';
import { renderMarkdown } from '../../src/report/render-md.js';
import * as fromSources from '../../src/report/render-thread.js';
import type { Report } from '../../src/report/model.js';
import { sampleReport } from './fixtures.js';

type Module = typeof fromSources;
let built: Module;
let dir: string;

beforeAll(async () => {
  built = (await import(new URL('../../dist/report/render-thread.js', import.meta.url).href)) as Module;
  dir = mkdtempSync(join(tmpdir(), 'cic-render-thread-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rendering on a second thread', () => {
  const report = sampleReport();
  const json = renderJson(report);
  const modules: [string, () => Module][] = [
    ['a second thread', () => built],
    ['this thread', () => fromSources],
  ];

  test('the built module really starts a thread; the sources render on this one', () => {
    expect(built.rendersInParallel()).toBe(true);
    expect(fromSources.rendersInParallel()).toBe(false);
  });

  test.each(modules)('on %s: the files are what the renderers give here, and no temporary file is left', async (_where, module) => {
    const out = mkdtempSync(join(dir, 'out-'));
    const jobs = [
      { format: 'html' as const, path: join(out, 'r.html') },
      { format: 'md' as const, path: join(out, 'r.md') },
    ];
    const sent = module().startRenderer(jobs).send(report);
    expect(sent.json.join('')).toBe(json);
    await expect(sent.checked).resolves.toBeUndefined();
    await sent.done;
    expect(readFileSync(jobs[0]!.path, 'utf8')).toBe(renderHtml(report));
    expect(readFileSync(jobs[1]!.path, 'utf8')).toBe(renderMarkdown(report));
    expect(readdirSync(out).sort()).toEqual(['r.html', 'r.md']);
  });

  test.each(modules)('on %s: a report that does not match its schema is named and nothing is written', async (_where, module) => {
    const out = mkdtempSync(join(dir, 'bad-'));
    const broken = JSON.parse(json) as Report;
    (broken.compliance[0] as { outcome: string }).outcome = 'fine';
    const sent = module().startRenderer([{ format: 'html', path: join(out, 'r.html') }]).send(broken);
    await expect(sent.checked).resolves.toContain('/compliance/0/outcome');
    await sent.done;
    expect(readdirSync(out)).toEqual([]);
  });

  test.each(modules)('on %s: a bad activity row among many, checked as the rows arrive, is named and nothing is written', async (_where, module) => {
    const out = mkdtempSync(join(dir, 'bad-row-'));
    const many = { ...report, activity: Array.from({ length: 30_000 }, (_, i) => ({ ...report.activity[i % report.activity.length]!, seq: i })) };
    (many.activity[21_000] as { at: string }).at = 'yesterday';
    const sent = module().startRenderer([{ format: 'html', path: join(out, 'r.html') }]).send(many);
    await expect(sent.checked).resolves.toContain('/activity/21000/at');
    await sent.done;
    expect(readdirSync(out)).toEqual([]);
  });

  test('a thread started but never given a report ends with cancel', async () => {
    await expect(built.startRenderer([{ format: 'html', path: join(dir, 'never.html') }]).cancel()).resolves.toBeUndefined();
  });

  test('a file that cannot be written rejects (negative control: failure is not silent)', async () => {
    const sent = built.startRenderer([{ format: 'html', path: join(dir, 'missing', '\0bad') }]).send(report);
    await expect(sent.checked).resolves.toBeUndefined();
    await expect(sent.done).rejects.toThrow();
  });

  test('renderJson hands out the rows in parts, in order, which parseRows reads back, and writes the same text', () => {
    const many = { ...report, activity: Array.from({ length: 12_345 }, (_, i) => ({ ...report.activity[i % report.activity.length]!, seq: i })) };
    const parts: string[] = [];
    const text = renderJson(many, (rows) => parts.push(rows));
    expect(text).toBe(renderJson(many));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => parseRows(p))).toEqual(many.activity);
    expect(JSON.parse(text)).toEqual(many);
  });
});

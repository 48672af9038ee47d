/**
 * Rendering report formats on a second thread (src/report/render-thread.ts) writes exactly the
 * files rendering here writes. Run against the built module in dist/ (npm test builds first),
 * where the worker script exists and a real thread runs; from the sources the same function
 * renders on this thread, which is checked too.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml } from '../../src/report/render-html.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderMarkdown } from '../../src/report/render-md.js';
import * as fromSources from '../../src/report/render-thread.js';
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

  test('the built module really starts a thread; the sources render on this one', () => {
    expect(built.rendersInParallel()).toBe(true);
    expect(fromSources.rendersInParallel()).toBe(false);
  });

  test.each([
    ['a second thread', () => built],
    ['this thread', () => fromSources],
  ])('on %s: the files are what the renderers give here, and no temporary file is left', async (_where, module) => {
    const out = mkdtempSync(join(dir, 'out-'));
    const jobs = [
      { format: 'html' as const, path: join(out, 'r.html') },
      { format: 'md' as const, path: join(out, 'r.md') },
    ];
    await module().renderInBackground(json, jobs).done;
    expect(readFileSync(jobs[0]!.path, 'utf8')).toBe(renderHtml(report));
    expect(readFileSync(jobs[1]!.path, 'utf8')).toBe(renderMarkdown(report));
    expect(readdirSync(out).sort()).toEqual(['r.html', 'r.md']);
  });

  test('a file that cannot be written rejects (negative control: failure is not silent)', async () => {
    const into = join(dir, 'missing', '\0bad');
    await expect(built.renderInBackground(json, [{ format: 'html', path: into }]).done).rejects.toThrow();
  });
});

/**
 * Checking the report on a second thread (src/report/check-thread.ts) gives the JSON text that
 * rendering here gives, and the same verdict as checking here. Run against the built module in
 * dist/ (npm test builds first), where the worker script exists and a real thread runs; from the
 * sources the same check runs on this thread, which is checked too.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { reportProblems } from '../../../src/io/report/check.js';
import * as fromSources from '../../../src/io/report/check-thread.js';
import type { Report } from '../../../src/core/report/model.js';
import { jsonParts, parseRows, renderJson } from '../../../src/core/report/render-json.js';
import { sampleReport } from './fixtures.js';

type Module = typeof fromSources;
let built: Module;

beforeAll(async () => {
  built = (await import(new URL('../../../dist/io/report/check-thread.js', import.meta.url).href)) as Module;
});

describe('checking on a second thread', () => {
  const report = sampleReport();
  const json = renderJson(report);
  const modules: [string, () => Module][] = [
    ['a second thread', () => built],
    ['this thread', () => fromSources],
  ];
  const many = (n: number): Report => ({
    ...report,
    activity: Array.from({ length: n }, (_, i) => ({ ...report.activity[i % report.activity.length]!, seq: i })),
  });

  test('the built module really starts a thread; the sources check on this one', () => {
    expect(built.checksInParallel()).toBe(true);
    expect(fromSources.checksInParallel()).toBe(false);
  });

  test.each(modules)('on %s: the JSON is what renderJson gives, and a good report passes', async (_where, module) => {
    const sent = module().startChecker().send(report);
    expect(sent.json.join('')).toBe(json);
    await expect(sent.checked).resolves.toBeUndefined();
  });

  test.each(modules)(
    'on %s: a report that does not match its schema is named (negative control)',
    async (_where, module) => {
      const broken = JSON.parse(json) as Report;
      (broken.compliance[0] as { outcome: string }).outcome = 'fine';
      await expect(module().startChecker().send(broken).checked).resolves.toContain('/compliance/0/outcome');
    },
  );

  test.each(modules)(
    'on %s: a bad activity row among many, checked as the rows arrive, is named where it is',
    async (_where, module) => {
      const bad = many(30_000);
      (bad.activity[21_000] as { at: string }).at = 'yesterday';
      const problems = await module().startChecker().send(bad).checked;
      expect(problems).toContain('/activity/21000/at');
      expect(problems).toBe(reportProblems(bad));
    },
  );

  test('a thread started but never given a report ends with cancel', async () => {
    await expect(built.startChecker().cancel()).resolves.toBeUndefined();
  });

  test('jsonParts hands out the rows in parts, in order, which parseRows reads back, and writes the same text', () => {
    const rows = many(12_345);
    const parts: string[] = [];
    const text = jsonParts(rows, (p) => parts.push(p)).join('');
    expect(text).toBe(renderJson(rows));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => parseRows(p))).toEqual(rows.activity);
    expect(JSON.parse(text)).toEqual(rows);
  });
});

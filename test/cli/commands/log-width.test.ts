/**
 * `cic log` lines up its columns by display width, not by string length: a name in Chinese
 * characters (two columns each) must not push the text of its line out of line with the others.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import stringWidth from 'string-width';
import { makeWorkspace, type Ws } from '../report/workspace.js';

let ws: Ws;
beforeAll(async () => {
  ws = await makeWorkspace();
  await ws.ok(['note', 'First note'], { at: '02:10', name: '李小龍' });
  await ws.ok(['note', 'Second note'], { at: '02:11', name: 'Jo Li' });
});
afterAll(() => ws?.remove());

test('the text column starts at the same display column whatever the width of the name', async () => {
  const out = (await ws.ok(['log', ws.id], { at: '02:12' })).stdout;
  const starts = ['First note', 'Second note'].map((text) => {
    const line = out.split('\n').find((l) => l.includes(text))!;
    return stringWidth(line.slice(0, line.indexOf(text)));
  });
  expect(starts[0]).toBeGreaterThan(0);
  expect(starts[0]).toBe(starts[1]);
});

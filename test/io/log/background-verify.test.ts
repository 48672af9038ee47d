/**
 * Verifying on a second thread (src/log/background-verify.ts) gives exactly the report verifying
 * on this one gives, for a log that verifies and for each way one does not. Run against the built
 * module in dist/ (npm test builds first), where the worker script exists and a real thread runs;
 * from the sources the same function falls back to this thread, which is checked too.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as fromSources from '../../../src/io/log/background-verify.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import { verifyLog } from '../../../src/core/log/verify.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

type Module = typeof fromSources;
let built: Module;
let log: Buffer;
let options: { incident: string; playbookSha256: string };

/** `text` in shared memory, as `readShared` returns a log. */
function shared(text: Buffer | string): Buffer {
  const bytes = Buffer.from(text);
  const out = Buffer.from(new SharedArrayBuffer(bytes.length));
  bytes.copy(out);
  return out;
}

beforeAll(async () => {
  built = (await import(new URL('../../../dist/io/log/background-verify.js', import.meta.url).href)) as Module;
  const ws = await makeWorkspace();
  const store = new FileStore(ws);
  const incident = await openIncident(ws, 'Second thread', store);
  for (let i = 0; i < 5; i++) {
    await store.appendEvents(incident, ctx(new Date(Date.UTC(2026, 10, 26, 8, i))), [
      { type: 'note', data: { text: `Call ${i} — “returned”` } },
    ]);
  }
  const dir = join(ws.incidentsDir, incident);
  log = readFileSync(join(dir, 'log.jsonl'));
  options = {
    incident,
    playbookSha256: createHash('sha256')
      .update(readFileSync(join(dir, 'playbook.yaml')))
      .digest('hex'),
  };
});

const cases: [string, () => Buffer | string][] = [
  ['a log that verifies', () => log],
  ['a changed byte', () => log.toString('utf8').replace('Call 3', 'Call 8')],
  ['a torn tail', () => Buffer.concat([log, Buffer.from('{"actor":{"na')])],
  [
    'a removed entry',
    () =>
      log
        .toString('utf8')
        .split('\n')
        .filter((_, i) => i !== 2)
        .join('\n'),
  ],
  ['an empty log', () => ''],
];

describe('verifying on a second thread', () => {
  test('the built module really starts a thread; the sources verify on this one', () => {
    expect(built.runsInParallel()).toBe(true);
    expect(fromSources.runsInParallel()).toBe(false);
  });

  test.each(cases)('%s: the same report as verifying here', async (_name, input) => {
    const bytes = input();
    const expected = verifyLog(Buffer.from(bytes), options);
    await expect(built.verifyInBackground(shared(bytes), options)).resolves.toEqual(expected);
    await expect(fromSources.verifyInBackground(shared(bytes), options)).resolves.toEqual(expected);
  });

  test('negative control: the cases above do not all verify alike', () => {
    const oks = cases.map(([, input]) => verifyLog(Buffer.from(input()), options).ok);
    expect(oks).toEqual([true, false, false, false, true]);
  });
});

/**
 * `promise` on a fact: `true` (checked only) or `{updates: ACTION}` (a released promise is a
 * deadline of that recurring action). `cic playbook validate` points at the line and column of
 * each mistake.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkPlaybookText } from '../../../src/io/playbook/load.js';

const minimal = readFileSync(fileURLToPath(new URL('./fixtures/minimal.yaml', import.meta.url)), 'utf8').replace(
  '    file: templates/update.md',
  '    text: "Next update: {{next_update}}"',
);
const NEXT = '  - id: next_update\n    type: date-time\n    prompt: When is the next update?\n';

/** The fixture with `promise` set to `value` on next_update (line 47, after its prompt). */
async function check(value: string, text = minimal) {
  expect(text).toContain(NEXT);
  const { playbook, problems } = await checkPlaybookText(
    text.replace(NEXT, `${NEXT}    promise: ${value}\n`),
    'p.yaml',
  );
  return { playbook, problems: problems.map((p) => `${p.line}:${p.col}: ${p.message}`) };
}

describe('promise on a fact', () => {
  test.each([['true'], ['false'], ['{ updates: updates }'], ['{ updates: [updates] }']])(
    '%s is valid (negative control)',
    async (value) => {
      expect((await check(value)).problems).toEqual([]);
    },
  );

  test('the model keeps the action a promise updates', async () => {
    expect((await check('{ updates: updates }')).playbook!.facts.find((f) => f.id === 'next_update')!.promise).toEqual({
      updates: 'updates',
    });
  });

  test.each([
    ['{ updates: update }', /^47:25: .*unknown action "update" in "updates"; did you mean "updates"\?/],
    ['{ updates: holding-statement }', /^47:25: .*action "holding-statement" does not repeat/],
    ['{ update: updates }', /^47:16: .*unknown key "update" in "promise"; did you mean "updates"\?/],
    ['{ updates: [updates, update] }', /^47:35: .*unknown action "update"/],
    ['{ updates: [updates, holding-statement] }', /^47:35: .*action "holding-statement" does not repeat/],
    ['{ updates: [] }', /^47:\d+: /],
    ['"yes"', /^47:\d+: /],
  ])('%s is an error at its line and column', async (value, message) => {
    const { problems } = await check(value);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => message.test(p))).toBe(true);
  });

  test('a promise on a fact that holds no time is an error', async () => {
    const text = minimal.replace(
      '  - id: media_calls\n    type: number\n    prompt: Media inquiries so far\n',
      '  - id: media_calls\n    type: number\n    prompt: Media inquiries so far\n    promise: true\n',
    );
    expect((await check('true', text)).problems).toEqual([
      expect.stringMatching(/^44:5: .*"promise" applies only to a date-time fact \(this one is number\)/),
    ]);
  });
});

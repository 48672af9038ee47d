/**
 * What Enter alone answers at `cic open`, and the warning for a plan in which that answer alone
 * classifies an incident: through the pure function and through `cic playbook validate`.
 */
import { describe, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enterAnswer, enterAnswerWarnings } from '../../../src/core/playbook/enter-answers.js';
import type { Fact, FactValue } from '../../../src/core/playbook/model.js';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import { runCic } from '../../helpers/run-cic.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const minimalText = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');
const bundled = fileURLToPath(new URL('../../../playbooks/clayton-mo.yaml', import.meta.url));

function variant(name: string, edits: [string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cic-enter-'));
  let text = minimalText;
  for (const [from, to] of edits) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  writeFileSync(join(dir, name), text);
  cpSync(join(fixtures, 'templates'), join(dir, 'templates'), { recursive: true });
  return join(dir, name);
}

describe('what Enter answers', () => {
  test.each<[Fact, FactValue | undefined]>([
    [{ id: 'x', type: 'boolean', prompt: 'x?' }, false],
    [{ id: 'x', type: 'choice', prompt: 'x?', choices: ['none', 'death'] }, 'none'],
    [{ id: 'x', type: 'text', prompt: 'x?' }, undefined],
    [{ id: 'x', type: 'number', prompt: 'x?' }, undefined],
  ])('%j → %j', (fact, answer) => {
    expect(enterAnswer(fact)).toBe(answer);
  });
});

describe('a plan where Enter alone classifies', () => {
  test('the bundled Clayton plan and the minimal fixture: no warning', async () => {
    expect(enterAnswerWarnings((await loadPlaybook(bundled)).playbook)).toEqual([]);
    expect(enterAnswerWarnings((await loadPlaybook(join(fixtures, 'minimal.yaml'))).playbook)).toEqual([]);
  });

  test('the most severe choice listed first is warned about, at that choice', async () => {
    const file = variant('fatal-first.yaml', [
      ['choices: [none, minor, serious, fatal]', 'choices: [fatal, none, minor, serious]'],
    ]);
    expect(enterAnswerWarnings((await loadPlaybook(file)).playbook)).toEqual([
      {
        path: '/facts/1/choices/0',
        message:
          'Enter alone answers "fatal" (the first choice) to "injury" at cic open, and that alone puts the incident in tier-1: list the least severe choice first',
      },
    ]);
    const r = await runCic(['playbook', 'validate', file], { env: { CIC_NOW: '2026-06-01T12:00:00Z' } });
    expect(r.code).toBe(0); // a warning: the file is still valid
    expect(r.stdout).toContain('valid');
    expect(r.stderr).toMatch(/fatal-first\.yaml:\d+:\d+: Enter alone answers "fatal"/);
  });

  test('a tier that holds on a "no" is warned about, at the question', async () => {
    const file = variant('no-is-severe.yaml', [
      ['- { fact: shots_fired, equals: true }', '- { fact: shots_fired, equals: false }'],
    ]);
    const [w] = enterAnswerWarnings((await loadPlaybook(file)).playbook);
    expect(w).toEqual({
      path: '/facts/0/prompt',
      message:
        'Enter alone answers "no" to "shots_fired" at cic open, and "no" alone puts the incident in tier-1: word the question so that "yes" is the serious answer',
    });
  });
});

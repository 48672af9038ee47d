/**
 * The bundled playbook's own templates and checks, through render and checkDraft: a holding
 * statement rendered with ordinary facts must pass clean (the walk-through depends on it), and the
 * same draft with a sensitive name pasted in must not.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Action, Playbook } from '../../../src/core/playbook/model.js';
import { checkDraft } from '../../../src/core/statements/checks.js';
import { placeholders, render, templateProblems } from '../../../src/core/statements/render.js';

const playbook = parse(readFileSync('playbooks/clayton-mo.yaml', 'utf8')) as Playbook;
const holding = playbook.actions.find((a) => a.id === 'holding-statement') as Action;
const template = readFileSync('playbooks/templates/holding-statement.md', 'utf8');

const facts = {
  incident_location: 'Forsyth Boulevard and Hanley Road',
  incident_summary:
    'At approximately 1:40 a.m. an officer fired a weapon during a traffic stop. One person was taken to hospital.',
  next_update_at: '6:00 a.m. Thursday',
  info_url: 'https://www.claytonmo.gov/updates',
  officer_names: 'Sgt. John Smith, 12 years; Officer Kate Lee, 3 years',
};
const ctx = {
  action: holding,
  checks: playbook.checks,
  facts,
  playbookFacts: playbook.facts,
  now: new Date('2026-11-26T08:00:00Z'),
  releaseTimeOf: () => undefined,
};

describe('the bundled Clayton playbook', () => {
  test('its holding template has only well-formed placeholders', () => {
    expect(templateProblems(template)).toEqual([]);
    expect(placeholders(template).length).toBeGreaterThan(0);
  });

  test('the rendered holding statement passes its checks clean', () => {
    const r = render(template, facts);
    expect(r.missing).toEqual([]);
    expect(checkDraft(r.text, ctx)).toEqual([]);
  });

  test('the same statement naming an officer before the release time is an error at that line', () => {
    const r = render(template, {
      ...facts,
      incident_summary: facts.incident_summary + ' The officer, Sgt. Smith, is on leave.',
    });
    const found = checkDraft(r.text, ctx);
    expect(found.map((f) => [f.level, f.rule])).toEqual([['error', 'sensitive-fact']]);
    expect(r.text.split('\n')[found[0]!.line - 1]).toContain('Smith');
  });

  test('a draft missing a sentence the playbook cues for fails its CERC check', () => {
    const r = render(template.replace(/^Updates and more information.*$/m, ''), facts);
    expect(checkDraft(r.text, ctx).map((f) => f.rule)).toEqual(['cerc/more-info']);
  });
});

test('the built-in CERC cues also accept the bundled holding statement', () => {
  const r = render(template, facts);
  expect(checkDraft(r.text, { ...ctx, checks: { ...playbook.checks, cerc: undefined } })).toEqual([]);
});

/**
 * Approvers on a duty that is not a statement (a records answer the City Attorney approves) are
 * enforced at `done`, and approvers may be all of a list (the default), any one of it, or m of n.
 */
import { describe, expect, test } from '@jest/globals';
import { InputError, PermissionError } from '../../../src/core/errors.js';
import type { IncidentEvent } from '../../../src/core/incident/events.js';
import type { Action, Playbook } from '../../../src/core/playbook/model.js';
import { statementProgress } from '../../../src/core/statements/approvals.js';
import { manager, playbook as base } from './fixtures.js';
import { ev, given, opened, type Draft } from './spec.js';

const chief = { role: 'police-chief', name: 'Chief', user: 'c@h' };
const deputy = { role: 'deputy-chief', name: 'Deputy', user: 'd@h' };
const mayor = { role: 'mayor', name: 'Mayor', user: 'm@h' };
const clerk = { role: 'clerk', name: 'Clerk', user: 'k@h' };

const withAnswer = (extra: Partial<Action>): Playbook => ({
  ...base,
  actions: [
    ...base.actions,
    {
      id: 'answer-request',
      title: 'Answer the records request',
      kind: 'records',
      owner: 'city-manager',
      approvers: ['police-chief', 'mayor'],
      due: { after: 'declared', within: 'P3D' },
      ...extra,
    },
  ],
});
const allOf = withAnswer({});
const anyOf = withAnswer({ approvals_needed: 1 });
const twoOfThree = withAnswer({ approvers: ['police-chief', 'mayor', 'clerk'], approvals_needed: 2 });

const AT = '2027-03-01T18:00:00.000Z';
const NOW = '2027-03-02T18:00:00.000Z';
const approved = (actor = chief): Draft =>
  ev('action.approved', { action: 'answer-request', occurrence: 0 }, NOW, { actor });
const done = { kind: 'done', action: 'answer-request' } as const;
const completed: IncidentEvent[] = [{ type: 'action.completed', data: { action: 'answer-request', occurrence: 0 } }];

describe('approvers on a duty that is not a statement', () => {
  test('done without the approvals is refused, naming who must approve', () => {
    given(opened({ at: AT }))
      .when(done, { now: NOW, playbook: allOf })
      .thenThrows(InputError, /needs approval from police-chief, mayor.*cic approve answer-request/s);
  });

  test('an approver records an approval of the occurrence', () => {
    given(opened({ at: AT }))
      .when({ kind: 'approve', action: 'answer-request' }, { now: NOW, playbook: allOf, actor: chief })
      .then([{ type: 'action.approved', data: { action: 'answer-request', occurrence: 0 } }]);
  });

  test('a role that is not an approver may not approve (exit 4)', () => {
    given(opened({ at: AT }))
      .when({ kind: 'approve', action: 'answer-request' }, { now: NOW, playbook: allOf, actor: clerk })
      .thenThrows(PermissionError, /may not approve answer-request/);
  });

  test('approving twice is refused', () => {
    given(opened({ at: AT }), approved())
      .when({ kind: 'approve', action: 'answer-request' }, { now: NOW, playbook: allOf, actor: chief })
      .thenThrows(InputError, /already approved/);
  });

  test('an action without approvers has nothing to approve', () => {
    given(opened({ at: AT }))
      .when({ kind: 'approve', action: 'body-cam-review' }, { now: NOW, playbook: allOf, actor: chief })
      .thenThrows(InputError, /no approvers/);
  });

  test('all of (the default): one of two is not enough (negative control), both are', () => {
    given(opened({ at: AT }), approved())
      .when(done, { now: NOW, playbook: allOf })
      .thenThrows(InputError, /needs approval from mayor \(1 of 2 approved: police-chief\)/);
    given(opened({ at: AT }), approved(), approved(mayor))
      .when(done, { now: NOW, playbook: allOf })
      .then(completed);
  });

  test('a deputy who acts for an approver stands for it', () => {
    given(opened({ at: AT }), approved(deputy), approved(mayor))
      .when(done, { now: NOW, playbook: allOf })
      .then(completed);
  });

  test('any of: one approval is enough', () => {
    given(opened({ at: AT }), approved(mayor))
      .when(done, { now: NOW, playbook: anyOf })
      .then(completed);
  });

  test('two of three: one is not enough, two are', () => {
    given(opened({ at: AT }), approved(clerk))
      .when(done, { now: NOW, playbook: twoOfThree })
      .thenThrows(InputError, /needs 2 approvals of police-chief, mayor, clerk \(1 so far: clerk\)/);
    given(opened({ at: AT }), approved(clerk), approved(chief))
      .when(done, { now: NOW, playbook: twoOfThree })
      .then(completed);
  });

  test('approvals belong to one occurrence of a recurring duty', () => {
    const recurring = withAnswer({ approvals_needed: 1, repeat: { every: 'P1D', until: 'closed' } });
    const later = '2027-03-06T18:00:00.000Z';
    given(opened({ at: AT }), approved(), ev('action.completed', { action: 'answer-request', occurrence: 0 }, NOW))
      .when({ kind: 'done', action: 'answer-request', occurrence: 1 }, { now: later, playbook: recurring })
      .thenThrows(InputError, /needs an approval from one of police-chief, mayor \(0 so far\)/);
  });
});

describe('statements count approvals the same way', () => {
  const statement: Action = {
    id: 's',
    title: 'S',
    kind: 'statement',
    owner: 'pio',
    template: 't',
    approvers: ['police-chief', 'mayor', 'clerk'],
    approvals_needed: 2,
    due: { after: 'declared', within: 'PT1H' },
  };
  const entry = (roles: string[]) => ({
    statement: 's',
    versions: [
      {
        seq: 1,
        version: 1,
        file: 'f',
        sha256: 'x',
        text: 't',
        drafted_at: NOW,
        drafted_by: manager,
        facts: {},
        checks: [],
        source: 'template' as const,
      },
    ],
    approvals: roles.map((role, i) => ({
      version: 1,
      sha256: 'x',
      role,
      warnings: [],
      at: NOW,
      by: { ...manager, role },
      seq: 2 + i,
    })),
    rejections: [],
    releases: [],
  });
  test('two of three approved is approved; one is awaiting (1 of 2)', () => {
    expect(statementProgress(entry(['mayor', 'clerk']) as any, statement, base.roles).status).toBe('approved');
    expect(statementProgress(entry(['mayor']) as any, statement, base.roles).status).toBe('awaiting approval (1 of 2)');
  });
});

/**
 * The approval rules as given / when / then: given the events so far (made through the decide
 * functions themselves and folded with `evolveStatements`), when a command is decided, then it
 * yields this event data or fails with this error.
 */
import { describe, expect, test } from '@jest/globals';
import { CicError, InputError, PermissionError } from '../../../src/core/errors.js';
import type { EventData, RecordedEvent } from '../../../src/core/incident/events.js';
import type { Action, FactValue, Role } from '../../../src/core/playbook/model.js';
import type { Finding } from '../../../src/core/statements/checks.js';
import {
  decideApprove,
  decideDraft,
  decideReject,
  decideRelease,
  draftFile,
  factChanges,
  missingRequiredFacts,
  nextVersion,
  STATEMENT_TEXT_MAX,
  statementProgress,
  statementStatus,
  textSha256,
} from '../../../src/core/statements/decide.js';
import {
  type StatementsState,
  entryOf,
  evolveStatements,
  initialStatements,
} from '../../../src/core/statements/state.js';
import { ChannelsMissing } from '../../../src/core/statements/rules.js';

const roles: Role[] = [
  { id: 'pio', title: 'Public Information Officer' },
  { id: 'chief', title: 'Police Chief' },
  { id: 'deputy-chief', title: 'Deputy Chief', acts_for: ['chief'] },
  { id: 'city-manager', title: 'City Manager' },
  { id: 'mayor', title: 'Mayor' },
];
const holding: Action = {
  id: 'holding-statement',
  title: 'Holding statement',
  kind: 'statement',
  owner: 'pio',
  approvers: ['chief', 'city-manager'],
  due: { after: 'declared', within: 'PT1H' },
  template: 'holding',
  statement: { first: true },
  channels: ['press-release', 'social', 'website'],
  required_facts: ['location', 'officer_count'],
};
const update: Action = { ...holding, id: 'public-update', statement: undefined };

type StatementType = 'statement.drafted' | 'statement.approved' | 'statement.rejected' | 'statement.released';

/** An incident's statements, driven through the decide functions, with the draft files' hashes. */
class Given {
  slice: StatementsState = initialStatements();
  files = new Map<string, string>();
  private seq = 0;
  private clock = Date.parse('2026-11-26T07:00:00Z');

  record<T extends StatementType>(type: T, data: EventData[T], role: string, at?: string): this {
    this.clock += 60_000;
    const event = {
      seq: this.seq++,
      at: at ?? new Date(this.clock).toISOString(),
      actor: { role, name: `${role} person`, user: 'u@h' },
      type,
      data,
    } as RecordedEvent;
    this.slice = evolveStatements(this.slice, event as Extract<RecordedEvent, { type: StatementType }>);
    return this;
  }
  draft(
    text = 'Holding statement text.',
    o: {
      findings?: Finding[];
      facts?: Record<string, FactValue>;
      action?: Action;
      source?: 'template' | 'edited';
    } = {},
  ): this {
    const action = o.action ?? holding;
    const data = decideDraft(
      { statement: action.id, text, facts: o.facts ?? {}, findings: o.findings ?? [], source: o.source ?? 'template' },
      this.slice,
      action,
    );
    this.files.set(data.file, textSha256(text));
    return this.record('statement.drafted', data, 'pio');
  }
  fileHash(action = holding): string | undefined {
    const v = entryOf(this.slice, action.id)?.versions.at(-1);
    return v ? this.files.get(v.file) : undefined;
  }
  approve(role: string, version?: number, action = holding): this {
    return this.record(
      'statement.approved',
      decideApprove(
        { statement: action.id, version, currentFileSha256: this.fileHash(action) },
        this.slice,
        action,
        { role },
        roles,
      ),
      role,
    );
  }
  reject(role: string, reason = 'Too vague.', action = holding): this {
    return this.record(
      'statement.rejected',
      decideReject({ statement: action.id, reason }, this.slice, action, { role }, roles),
      role,
    );
  }
  release(channels: string[], action = holding, at?: string): this {
    const { data } = decideRelease(
      { statement: action.id, channels, currentFileSha256: this.fileHash(action) },
      this.slice,
      action,
      { role: 'pio' },
      roles,
    );
    return this.record('statement.released', data, 'pio', at);
  }
  editFile(text: string, action = holding): this {
    this.files.set(entryOf(this.slice, action.id)!.versions.at(-1)!.file, textSha256(text));
    return this;
  }
}
const given = () => new Given();

/** Run `when`, expecting a CicError of `kind`; returns it for further checks. */
function thenFails(when: () => unknown, kind: new (...a: never[]) => CicError, ...contains: string[]): CicError {
  let caught: unknown;
  try {
    when();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(kind);
  const err = caught as CicError;
  for (const c of contains) expect(`${err.message}\n${err.hint ?? ''}`).toContain(c);
  return err;
}

const errorFinding: Finding = {
  level: 'error',
  line: 3,
  message: 'officer_names may not be released yet',
  rule: 'sensitive-fact',
};
const warningFinding: Finding = {
  level: 'warning',
  line: 5,
  message: '"expected to reopen" is flagged',
  rule: 'flagged-phrase',
};

describe('drafting', () => {
  test('the first draft is v1 with its file, hash, facts and checks (rule ids are not logged)', () => {
    const data = decideDraft(
      {
        statement: 'holding-statement',
        text: 'Hello.\n',
        facts: { officer_count: 4 },
        findings: [warningFinding],
        source: 'template',
      },
      initialStatements(),
      holding,
    );
    expect(data).toEqual({
      statement: 'holding-statement',
      version: 1,
      file: 'drafts/holding-statement.v1.md',
      sha256: textSha256('Hello.\n'),
      text: 'Hello.\n',
      facts: { officer_count: 4 },
      checks: [{ level: 'warning', line: 5, message: '"expected to reopen" is flagged' }],
      source: 'template',
    });
  });

  test('textSha256 is SHA-256 of the UTF-8 text', () => {
    expect(textSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  test('each new draft is the next version', () => {
    const g = given().draft('one').draft('two');
    expect(nextVersion(g.slice, 'holding-statement')).toBe(3);
    expect(entryOf(g.slice, 'holding-statement')!.versions.map((v) => v.file)).toEqual([
      'drafts/holding-statement.v1.md',
      'drafts/holding-statement.v2.md',
    ]);
  });

  test('drafting the very same text again is refused (it would void approvals for nothing)', () => {
    const g = given().draft('same');
    thenFails(() => g.draft('same'), InputError, 'word for word v1');
    thenFails(() => g.draft('same', { source: 'edited' }), InputError, 'nothing new to register');
  });

  test('an action that is not a statement cannot be drafted', () => {
    const task: Action = {
      id: 'call-mayor',
      title: 'Call',
      kind: 'notification',
      owner: 'city-manager',
      due: { after: 'declared' },
    };
    thenFails(() => given().draft('x', { action: task }), InputError, 'call-mayor is a notification');
  });

  test('statement ids that could escape the drafts folder never become paths', () => {
    expect(() => draftFile('../../etc/passwd', 1)).toThrow(InputError);
    expect(draftFile('holding-statement', 3)).toBe('drafts/holding-statement.v3.md');
  });

  test('required facts without a value are listed', () => {
    expect(missingRequiredFacts(holding, { location: 'Forsyth', officer_count: '  ' })).toEqual(['officer_count']);
    expect(missingRequiredFacts(holding, { location: 'Forsyth', officer_count: 0 })).toEqual([]);
  });
});

describe('approving', () => {
  test('given a draft, when the PIO (not an approver) approves, then exit 4 naming who may', () => {
    const err = thenFails(
      () => given().draft().approve('pio'),
      PermissionError,
      'role pio may not approve holding-statement',
      'chief, city-manager',
      'deputy-chief',
    );
    expect(err.exitCode).toBe(4);
  });

  test('given a draft, when an approver approves, then the approval binds version, hash and warnings', () => {
    const g = given().draft('text', { findings: [warningFinding] });
    const data = decideApprove(
      { statement: 'holding-statement', currentFileSha256: textSha256('text') },
      g.slice,
      holding,
      { role: 'chief' },
      roles,
    );
    expect(data).toEqual({
      statement: 'holding-statement',
      version: 1,
      sha256: textSha256('text'),
      warnings: ['line 5: "expected to reopen" is flagged'],
    });
  });

  test('a deputy acting for an approver approves in its place', () => {
    const g = given().draft().approve('deputy-chief');
    expect(statementProgress(entryOf(g.slice, 'holding-statement'), holding, roles)).toMatchObject({
      approved: ['chief'],
      awaiting: ['city-manager'],
    });
    expect(statementStatus(entryOf(g.slice, 'holding-statement'), holding, roles)).toBe('awaiting approval (1 of 2)');
    thenFails(
      () => g.approve('chief'),
      InputError,
      'chief has already approved v1',
      'by deputy-chief, acting for chief',
    );
  });

  test('the same role approving the same version twice is refused', () => {
    thenFails(
      () => given().draft().approve('city-manager').approve('city-manager'),
      InputError,
      'city-manager has already approved v1',
    );
  });

  test('approving a stale version is refused, pointing to the current one', () => {
    const g = given().draft('one').draft('two');
    thenFails(
      () => g.approve('chief', 1),
      InputError,
      'v1 of holding-statement is not the current draft (v2 is)',
      '--version 2',
    );
    thenFails(() => g.approve('chief', 7), InputError, 'has no version 7');
    expect(() => g.approve('chief', 2)).not.toThrow();
  });

  test('a version with check errors cannot be approved; the errors are listed with their lines', () => {
    thenFails(
      () =>
        given()
          .draft('x', { findings: [errorFinding, warningFinding] })
          .approve('chief'),
      InputError,
      '1 check error',
      'drafts/holding-statement.v1.md:3: officer_names may not be released yet',
    );
  });

  test('a statement with no draft cannot be approved', () => {
    thenFails(() => given().approve('chief'), InputError, 'has no draft yet', 'cic draft holding-statement');
  });

  test('a draft file edited after drafting cannot be approved until registered as a new version', () => {
    const g = given().draft('original').editFile('original, quietly changed');
    thenFails(
      () => g.approve('chief'),
      InputError,
      'was changed outside cic',
      'cic draft holding-statement --register',
    );
    g.draft('original, quietly changed', { source: 'edited' }).approve('chief');
    expect(entryOf(g.slice, 'holding-statement')!.versions.at(-1)).toMatchObject({ version: 2, source: 'edited' });
  });

  test('a missing draft file is no obstacle: the words approved are the logged ones', () => {
    const g = given().draft('x');
    g.files.clear();
    g.approve('chief');
    expect(entryOf(g.slice, 'holding-statement')!.approvals[0]!.sha256).toBe(textSha256('x'));
    // Negative control: a file that is there and says something else is refused.
    thenFails(() => given().draft('x').editFile('y').approve('chief'), InputError, 'was changed outside cic');
  });

  test('a draft over the length limit is refused before anything is recorded', () => {
    const long = 'a'.repeat(STATEMENT_TEXT_MAX + 1);
    thenFails(() => given().draft(long), InputError, `over the ${STATEMENT_TEXT_MAX}-character limit`);
    expect(given().draft('a'.repeat(STATEMENT_TEXT_MAX)).slice['holding-statement']!.versions).toHaveLength(1);
  });
});

describe('rejecting', () => {
  test('a rejection by an approver means changes requested; a later approval by that approver replaces it', () => {
    const g = given().draft().reject('chief');
    expect(statementStatus(entryOf(g.slice, 'holding-statement'), holding, roles)).toBe('changes requested');
    g.approve('chief');
    expect(statementStatus(entryOf(g.slice, 'holding-statement'), holding, roles)).toBe('awaiting approval (1 of 2)');
  });

  test('a rejection withdraws that approver’s earlier approval', () => {
    const g = given().draft().approve('chief').approve('city-manager').reject('city-manager');
    thenFails(
      () => g.release(['website']),
      InputError,
      'needs approval from city-manager',
      'city-manager requested changes',
    );
  });

  test('rejecting needs an approver role and a reason', () => {
    thenFails(() => given().draft().reject('mayor'), PermissionError, 'role mayor may not reject');
    thenFails(() => given().draft().reject('chief', '  '), InputError, 'needs a reason');
  });
});

describe('releasing', () => {
  test('given every approver approved the current version, release records channels, hash and facts, and completes the action', () => {
    const g = given()
      .draft('final', { facts: { officer_count: 4 } })
      .approve('chief')
      .approve('city-manager');
    expect(statementStatus(entryOf(g.slice, 'holding-statement'), holding, roles)).toBe('approved');
    const decision = decideRelease(
      {
        statement: 'holding-statement',
        channels: ['press-release', 'social', 'press-release'],
        currentFileSha256: textSha256('final'),
      },
      g.slice,
      holding,
      { role: 'pio' },
      roles,
    );
    expect(decision).toEqual({
      data: {
        statement: 'holding-statement',
        version: 1,
        sha256: textSha256('final'),
        channels: ['press-release', 'social'],
        facts: { officer_count: 4 },
      },
      completesAction: true,
    });
  });

  test('release without every approval is refused, naming who has not approved', () => {
    const g = given().draft().approve('chief');
    const err = thenFails(
      () => g.release(['website']),
      InputError,
      'needs approval from city-manager',
      '1 of 2 approved: chief',
    );
    expect(err.exitCode).toBe(2);
  });

  test('a new version voids the approvals of earlier ones', () => {
    const g = given().draft('one').approve('chief').approve('city-manager').draft('two');
    expect(statementStatus(entryOf(g.slice, 'holding-statement'), holding, roles)).toBe('awaiting approval (0 of 2)');
    thenFails(
      () => g.release(['website']),
      InputError,
      'v2 of holding-statement cannot be released yet',
      'chief, city-manager',
    );
  });

  test('a draft edited after approval cannot be released', () => {
    const g = given().draft('approved words').approve('chief').approve('city-manager').editFile('other words');
    thenFails(() => g.release(['press-release']), InputError, 'was changed outside cic', '--register');
  });

  test('an unapproved statement released with no channel is refused for the approvals, not asked where it goes', () => {
    const g = given().draft().approve('chief');
    thenFails(() => g.release([]), InputError, 'needs approval from city-manager');
    // Negative control: approved, the same call fails only for the missing channel.
    thenFails(() => g.approve('city-manager').release([]), ChannelsMissing, 'say where');
  });

  test('channels must be named, and be among the action’s channels', () => {
    const g = given().draft().approve('chief').approve('city-manager');
    thenFails(() => g.release([]), InputError, 'say where', '--channel press-release | social | website');
    thenFails(() => g.release(['tv']), InputError, 'not released on tv', 'press-release, social, website');
  });

  test('a version goes out once per channel; a later release on a new channel does not complete the action again', () => {
    const g = given().draft().approve('chief').approve('city-manager').release(['press-release']);
    expect(statementStatus(entryOf(g.slice, 'holding-statement'), holding, roles)).toBe('released');
    thenFails(() => g.release(['press-release', 'website']), InputError, 'already released on press-release');
    const later = decideRelease(
      { statement: 'holding-statement', channels: ['website'], currentFileSha256: g.fileHash() },
      g.slice,
      holding,
      { role: 'pio' },
      roles,
    );
    expect(later.completesAction).toBe(false);
  });

  test('a released version can no longer be approved or rejected', () => {
    const g = given().draft().approve('chief').approve('city-manager').release(['social']);
    thenFails(() => g.reject('chief'), InputError, 'already released');
  });

  test('only the owner or an approver (or their deputies) may release', () => {
    const g = given().draft().approve('chief').approve('city-manager');
    thenFails(
      () =>
        decideRelease(
          { statement: 'holding-statement', channels: ['social'], currentFileSha256: g.fileHash() },
          g.slice,
          holding,
          { role: 'mayor' },
          roles,
        ),
      PermissionError,
      'role mayor may not release holding-statement',
      'pio, chief, city-manager',
    );
    expect(() =>
      decideRelease(
        { statement: 'holding-statement', channels: ['social'], currentFileSha256: g.fileHash() },
        g.slice,
        holding,
        { role: 'deputy-chief' },
        roles,
      ),
    ).not.toThrow();
  });

  test('with no approvers, a clean draft can be released directly, and nobody can approve it', () => {
    const direct: Action = { ...update, approvers: undefined, channels: undefined };
    const g = given().draft('x', { action: direct });
    expect(statementStatus(entryOf(g.slice, 'public-update'), direct, roles)).toBe('approved');
    thenFails(() => g.approve('chief', undefined, direct), InputError, 'has no approvers');
    expect(() => g.release(['any-channel'], direct)).not.toThrow();
  });

  test('with no approvers, a draft with errors cannot be released', () => {
    const direct: Action = { ...update, approvers: undefined };
    const g = given().draft('x', { action: direct, findings: [errorFinding] });
    expect(statementStatus(entryOf(g.slice, 'public-update'), direct, roles)).toBe('draft');
    thenFails(() => g.release(['website'], direct), InputError, 'has check errors');
  });
});

describe('statementStatus', () => {
  test.each<[string, (g: Given) => Given, string]>([
    ['not drafted', (g) => g, 'not drafted'],
    ['a draft with errors', (g) => g.draft('x', { findings: [errorFinding] }), 'draft'],
    ['a clean draft', (g) => g.draft(), 'awaiting approval (0 of 2)'],
    ['rejected', (g) => g.draft().reject('city-manager'), 'changes requested'],
    ['half approved', (g) => g.draft().approve('city-manager'), 'awaiting approval (1 of 2)'],
    ['approved', (g) => g.draft().approve('city-manager').approve('chief'), 'approved'],
    ['released', (g) => g.draft().approve('city-manager').approve('chief').release(['social']), 'released'],
    [
      'released, then redrafted',
      (g) => g.draft('a').approve('city-manager').approve('chief').release(['social']).draft('b'),
      'awaiting approval (0 of 2)',
    ],
  ])('%s → %s', (_label, steps, status) => {
    expect(statementStatus(entryOf(steps(given()).slice, 'holding-statement'), holding, roles)).toBe(status);
  });
});

describe('factChanges', () => {
  const approveAndRelease = (g: Given, action: Action, text: string, facts: Record<string, FactValue>, at?: string) =>
    g
      .draft(text, { action, facts })
      .approve('chief', undefined, action)
      .approve('city-manager', undefined, action)
      .release(['website'], action, at);

  test('a later release with a different value for the same fact is a change; the same value is not', () => {
    const g = given();
    approveAndRelease(g, holding, 'four', { officer_count: 4, location: 'Forsyth' });
    approveAndRelease(g, update, 'six', { officer_count: 6, location: 'Forsyth' });
    expect(factChanges(g.slice)).toEqual([
      {
        fact: 'officer_count',
        before: 4,
        after: 6,
        from: {
          statement: 'holding-statement',
          version: 1,
          at: entryOf(g.slice, 'holding-statement')!.releases[0]!.at,
        },
        to: { statement: 'public-update', version: 1, at: entryOf(g.slice, 'public-update')!.releases[0]!.at },
      },
    ]);
  });

  test('releases are compared in time order, not in statement order', () => {
    const g = given();
    // The update is recorded first but was released (stated) later.
    approveAndRelease(g, update, 'six', { officer_count: 6 }, '2026-11-26T12:00:00.000Z');
    approveAndRelease(g, holding, 'four', { officer_count: 4 }, '2026-11-26T08:00:00.000Z');
    expect(factChanges(g.slice).map((c) => [c.before, c.after])).toEqual([[4, 6]]);
  });

  test('successive versions of one statement are compared too; drafts that were never released are not', () => {
    const g = given();
    approveAndRelease(g, update, 'a', { officer_count: 4 });
    g.draft('unreleased', { action: update, facts: { officer_count: 99 } });
    approveAndRelease(g, update, 'b', { officer_count: 6 });
    approveAndRelease(g, update, 'c', { officer_count: 6 });
    approveAndRelease(g, update, 'd', { officer_count: 8 });
    expect(factChanges(g.slice).map((c) => [c.before, c.after, c.from.version, c.to.version])).toEqual([
      [4, 6, 1, 3],
      [6, 8, 4, 5],
    ]);
  });

  test('no releases, no changes (negative control)', () => {
    expect(factChanges(given().draft('x', { facts: { officer_count: 4 } }).slice)).toEqual([]);
  });
});

describe('the fold', () => {
  test('statement ids that are Object.prototype names are ordinary keys', () => {
    let slice = initialStatements();
    for (const [seq, statement] of ['constructor', '__proto__', 'toString'].entries()) {
      slice = evolveStatements(slice, {
        seq,
        at: '2026-11-26T07:00:00.000Z',
        actor: { role: 'pio', name: 'P', user: 'u@h' },
        type: 'statement.drafted',
        data: {
          statement,
          version: 1,
          file: `drafts/${statement}.v1.md`,
          sha256: 'a'.repeat(64),
          text: 'The words.',
          facts: {},
          checks: [],
          source: 'template',
        },
      });
    }
    expect(Object.keys(slice)).toEqual(['constructor', '__proto__', 'toString']);
    expect(entryOf(slice, '__proto__')!.versions).toHaveLength(1);
    expect(entryOf(slice, 'valueOf')).toBeUndefined();
    expect(Object.getPrototypeOf(slice)).toBeNull();
  });
});

import { describe, expect, test } from '@jest/globals';
import type { Action, Fact, FactValue, StatementChecks } from '../../../src/core/playbook/model.js';
import { type CheckContext, type Finding, checkDraft, describeTimeRule } from '../../../src/core/statements/checks.js';

const holdingAction: Action = {
  id: 'holding-statement',
  title: 'Holding statement',
  kind: 'statement',
  owner: 'pio',
  approvers: ['chief', 'city-manager'],
  due: { after: 'declared', within: 'PT1H' },
  template: 'holding',
  statement: { first: true },
};
const updateAction: Action = { ...holdingAction, id: 'public-update', statement: undefined };

const sentences = {
  empathy: 'Our thoughts are with everyone affected tonight.',
  facts: 'We can confirm that at approximately 1:40 a.m. an officer-involved shooting occurred near Forsyth Boulevard.',
  unknowns: 'We do not yet know the condition of the person who was injured.',
  doing: 'We have asked the State Highway Patrol to investigate.',
  update: 'We will provide the next update by 6:00 a.m.',
  commitment: 'We are committed to being open with our community.',
  learnMore: 'For more information, visit claytonmo.gov/updates.',
};
const compliant = Object.values(sentences).join('\n\n');

function ctx(over: Partial<CheckContext> = {}): CheckContext {
  return {
    action: holdingAction,
    checks: undefined,
    facts: {},
    playbookFacts: [],
    now: new Date('2026-11-26T08:00:00Z'),
    releaseTimeOf: () => undefined,
    ...over,
  };
}
const errors = (fs: Finding[]) => fs.filter((f) => f.level === 'error');

describe('CERC elements of a first statement', () => {
  test('a compliant holding statement passes clean (negative control)', () => {
    expect(checkDraft(compliant, ctx())).toEqual([]);
  });

  test.each<[string, keyof typeof sentences, string]>([
    ['empathy', 'empathy', 'empathy'],
    ['confirmed facts', 'facts', 'facts'],
    ["what we don't know", 'unknowns', 'unknowns'],
    ['what we are doing', 'doing', 'actions'],
    ['when the next update is', 'update', 'actions'],
    ['commitment', 'commitment', 'commitment'],
    ['where to learn more', 'learnMore', 'learn-more'],
  ])('without %s: one error at line 1 naming it and what to add', (title, drop, element) => {
    const text = Object.entries(sentences)
      .filter(([k]) => k !== drop)
      .map(([, s]) => s)
      .join('\n\n');
    const found = checkDraft(text, ctx());
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ level: 'error', line: 1, rule: `cerc/${element}` });
    expect(found[0]!.message).toContain(title);
    expect(found[0]!.message).toMatch(/e\.g\.|where to learn more:/);
  });

  test('an empty draft misses all six', () => {
    expect(checkDraft('', ctx()).map((f) => f.rule)).toEqual([
      'cerc/empathy',
      'cerc/facts',
      'cerc/unknowns',
      'cerc/actions',
      'cerc/commitment',
      'cerc/learn-more',
    ]);
  });

  test('cues are found across line breaks and with curly apostrophes', () => {
    const text = compliant.replace(sentences.unknowns, 'We don\u2019t\n   yet know who was hurt.');
    expect(checkDraft(text, ctx())).toEqual([]);
  });

  test('a cue only counts at the start of a word ("know" is not in "unknown")', () => {
    const text = compliant
      .replace(sentences.empathy, 'Recalled sympathizers.')
      .replace(sentences.learnMore, 'Recall this.');
    // "sympath" starts a word inside "sympathizers"; "call " does not start a word in "Recall".
    expect(checkDraft(text, ctx()).map((f) => f.rule)).toEqual(['cerc/learn-more']);
  });

  test('statements not marked first are not CERC-checked', () => {
    expect(checkDraft('We will update you.', ctx({ action: updateAction }))).toEqual([]);
  });

  test("the playbook's cues replace the defaults", () => {
    const checks: StatementChecks = {
      cerc: [
        { id: 'care', title: 'Caring', cues: ['we care'] },
        { id: 'web', title: 'Web link', cues: ['example.org'] },
      ],
    };
    expect(checkDraft('We care. See example.org.', ctx({ checks }))).toEqual([]);
    const found = checkDraft(compliant, ctx({ checks }));
    expect(found.map((f) => f.rule)).toEqual(['cerc/care', 'cerc/web']);
    expect(found[1]!.message).toContain('"example.org"');
  });
});

describe('sensitive facts', () => {
  const officerNames: Fact = {
    id: 'officer_names',
    type: 'text',
    prompt: 'Names of the officers involved',
    sensitive: {
      not_before: { after: { action: 'notify-next-of-kin' }, within: 'PT48H' },
      reason: 'Department policy 41.2.',
    },
  };
  const releaseAt = new Date('2026-11-28T02:15:00Z');
  const base = (value: FactValue, over: Partial<CheckContext> = {}) =>
    ctx({
      action: updateAction,
      facts: { officer_names: value },
      playbookFacts: [officerNames],
      releaseTimeOf: (id) => (id === 'officer_names' ? releaseAt : undefined),
      ...over,
    });

  test('a name before its release time is an error at its line, naming the fact and the time', () => {
    const text = 'Line one.\nOfficers J. Smith and K. Lee were placed on leave.\nNothing else.';
    const found = checkDraft(text, base('J. Smith and K. Lee'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ level: 'error', line: 2, rule: 'sensitive-fact' });
    expect(found[0]!.message).toContain('officer_names may not be released before 2026-11-28 02:15 UTC');
    expect(found[0]!.message).toContain('48 hours after action notify-next-of-kin is done');
    expect(found[0]!.message).toContain('Department policy 41.2.');
  });

  test('after its release time the same text is clean (negative control)', () => {
    const text = 'Officers J. Smith and K. Lee were placed on leave.';
    expect(checkDraft(text, base('J. Smith and K. Lee', { now: releaseAt }))).toEqual([]);
  });

  test('when its anchor has not happened, it may not be released yet', () => {
    const found = checkDraft('Officer Smith.', base('J. Smith', { releaseTimeOf: () => undefined }));
    expect(found[0]!.message).toContain('may not be released yet');
  });

  test('the caller formats the time', () => {
    const found = checkDraft('J. Smith', base('J. Smith', { formatTime: () => 'Sat 28 Nov 20:15 CST' }));
    expect(found[0]!.message).toContain('before Sat 28 Nov 20:15 CST');
  });

  test.each<[string, string, number[]]>([
    ['each part of an "and" list', 'One: K. Lee.\nTwo: nothing.\nThree: J. Smith.', [1, 3]],
    ['case-insensitively', 'OFFICER J. SMITH', [1]],
    ['a surname alone with a title', 'The officer, Officer Smith, was not hurt.', [1]],
    ['a surname in capitals', 'SMITH was not hurt.', [1]],
    ['a name wrapped across lines', 'Officer J.\nSmith and', [1]],
    ['a name with a zero-width space inside', 'Officer Sm\u200bith', [1]],
    ['a name with an accent dropped', 'Officer Nunez', [1]],
  ])('found: %s', (_label, text, lines) => {
    const value = 'Ofc. J. Smith, K. Lee and María Núñez';
    expect(errors(checkDraft(text, base(value))).map((f) => f.line)).toEqual(lines);
  });

  test.each<[string, string, string]>([
    ['an initial alone', 'J. Smith', 'Plan J. was used.'],
    ['a name word written as an ordinary lower-case word', 'Will Young', 'We will update a young man’s family.'],
    ['a title alone', 'Officer J. Smith', 'An officer was hurt.'],
    ['a surname inside a longer word', 'K. Lee', 'Leeway and fleet.'],
    ['a value that means "unknown"', 'Unknown', 'The cause is unknown.'],
    ['a boolean', 'true', 'It is true.'],
  ])('not found: %s', (_label, value, text) => {
    const v: FactValue = value === 'true' ? true : value;
    expect(checkDraft(text, base(v))).toEqual([]);
  });

  test('the printed form of a value is searched too (a date-time as people read it)', () => {
    const dob: Fact = {
      id: 'subject_dob',
      type: 'date-time',
      prompt: 'dob',
      sensitive: { not_before: { after: 'closed' } },
    };
    const found = checkDraft(
      'Born Nov 3, 2009.',
      ctx({
        action: updateAction,
        facts: { subject_dob: '2009-11-03T00:00:00Z' },
        playbookFacts: [dob],
        formatValue: () => 'Nov 3, 2009',
      }),
    );
    expect(found).toMatchObject([{ level: 'error', line: 1, rule: 'sensitive-fact' }]);
  });

  test('one finding per line even when the full name and the surname both match', () => {
    const found = checkDraft('J. Smith (Smith) and Smith.', base('J. Smith'));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('"J. Smith"');
  });

  test('a fact that is not sensitive is never reported', () => {
    const plain: Fact = { id: 'location', type: 'text', prompt: 'where' };
    expect(
      checkDraft(
        'Forsyth Boulevard',
        ctx({ action: updateAction, facts: { location: 'Forsyth Boulevard' }, playbookFacts: [plain] }),
      ),
    ).toEqual([]);
  });
});

describe('flagged phrases and missing facts', () => {
  const checks: StatementChecks = {
    flagged_phrases: [
      { pattern: 'expected to reopen', reason: 'Do not estimate resolution times.' },
      {
        pattern: String.raw`\bcriminal (history|record)\b`,
        regex: true,
        reason: "Do not discuss a subject's criminal history.",
      },
    ],
  };

  test('each phrase is a warning at each line it is on, with the reason', () => {
    const text = 'Line one.\nThe road is Expected to\nreopen soon.\nHe had a criminal record.\nAnd expected to reopen.';
    const found = checkDraft(text, ctx({ action: updateAction, checks }));
    expect(found.map((f) => [f.level, f.line, f.rule])).toEqual([
      ['warning', 2, 'flagged-phrase'],
      ['warning', 4, 'flagged-phrase'],
      ['warning', 5, 'flagged-phrase'],
    ]);
    expect(found[0]!.message).toContain('Do not estimate resolution times.');
    expect(found[1]!.message).toContain('"criminal record"');
  });

  test('text without them has no warnings (negative control)', () => {
    expect(checkDraft('The road remains closed.', ctx({ action: updateAction, checks }))).toEqual([]);
  });

  test('an invalid playbook regex is a warning, not a crash', () => {
    const bad: StatementChecks = { flagged_phrases: [{ pattern: '(', regex: true, reason: 'x' }] };
    expect(checkDraft('text', ctx({ action: updateAction, checks: bad }))).toMatchObject([
      { level: 'warning', rule: 'flagged-phrase' },
    ]);
  });

  test('an empty-matching regex does not loop, and flags only what it found', () => {
    const empty: StatementChecks = { flagged_phrases: [{ pattern: 'x*', regex: true, reason: 'r' }] };
    expect(checkDraft('ab\nxcd\ne', ctx({ action: updateAction, checks: empty })).map((f) => f.line)).toEqual([2]);
  });

  test('a catastrophic pattern for a backtracking engine finishes (RE2: linear time)', () => {
    const slow: StatementChecks = { flagged_phrases: [{ pattern: '(a+)+$', regex: true, reason: 'r' }] };
    expect(checkDraft(`${'a'.repeat(40)}!`, ctx({ action: updateAction, checks: slow }))).toEqual([]);
    expect(checkDraft(`b\n${'a'.repeat(40)}`, ctx({ action: updateAction, checks: slow })).map((f) => f.line)).toEqual([
      2,
    ]);
  });

  test('a pattern RE2 cannot run (a backreference) is a warning that says so', () => {
    const back: StatementChecks = { flagged_phrases: [{ pattern: '(a)\\1', regex: true, reason: 'r' }] };
    expect(checkDraft('aa', ctx({ action: updateAction, checks: back }))).toMatchObject([
      { level: 'warning', rule: 'flagged-phrase', message: expect.stringContaining('linear time') },
    ]);
  });

  test('unfilled [MISSING: …] markers are errors at their lines', () => {
    const found = checkDraft(
      'ok\n[MISSING: officer_count] officers and [MISSING: location].',
      ctx({ action: updateAction }),
    );
    expect(found.map((f) => [f.level, f.line, f.rule])).toEqual([
      ['error', 2, 'missing-fact'],
      ['error', 2, 'missing-fact'],
    ]);
    expect(found[0]!.message).toContain('officer_count');
  });
});

describe('describeTimeRule', () => {
  test.each([
    [{ after: 'occurred' as const, within: 'PT48H' }, '48 hours after the incident occurred'],
    [{ after: 'closed' as const, business_days: 3 }, '3 business days after the incident is closed'],
    [{ after: { action: 'notify' }, within: 'P1D' }, '1 day after action notify is done'],
    [{ after: 'declared' as const }, 'the incident was declared'],
    [{ after: { action: 'notify-next-of-kin' }, within: 'PT0M' }, 'action notify-next-of-kin is done'],
  ])('%j → %s', (rule, words) => {
    expect(describeTimeRule(rule)).toBe(words);
  });

  // The sentences these words go into, whole: each must read as English for every kind of rule.
  test.each([
    [
      { after: { action: 'notify-next-of-kin' } },
      'may not be released yet (not before action notify-next-of-kin is done, which has not happened)',
    ],
    [
      { after: { action: 'notify-next-of-kin' }, within: 'PT48H' },
      'may not be released yet (not before 48 hours after action notify-next-of-kin is done, which has not happened)',
    ],
    [
      { after: 'closed' as const },
      'may not be released yet (not before the incident is closed, which has not happened)',
    ],
    [
      { after: 'declared' as const, within: 'PT0S' },
      'may not be released yet (not before the incident was declared, which has not happened)',
    ],
  ])('a draft naming a sensitive fact before %j: "%s"', (rule, sentence) => {
    const ctx: CheckContext = {
      action: { id: 's', title: 'S', kind: 'statement', owner: 'pio', due: { after: 'declared', within: 'PT1H' } },
      checks: undefined,
      facts: { officer_names: 'J. Smith' },
      playbookFacts: [{ id: 'officer_names', type: 'text', prompt: 'Names', sensitive: { not_before: rule } }],
      now: new Date('2026-11-26T08:00:00Z'),
      releaseTimeOf: () => undefined,
    };
    const [finding] = checkDraft('Officer J. Smith was involved.\n', ctx);
    expect(finding!.message).toContain(sentence);
    expect(finding!.message).not.toMatch(/before once|until once/);
  });
});

describe('a promised time already past', () => {
  const promise = { id: 'next_update_at', type: 'date-time' as const, prompt: 'When?', promise: true };
  const text = `${compliant}\nOur next update will be at 06:00.`;
  const at = (value: string, over: Partial<CheckContext> = {}) =>
    checkDraft(
      text,
      ctx({ facts: { next_update_at: value }, playbookFacts: [promise], formatValue: () => '06:00', ...over }),
    ).filter((f) => f.rule === 'past-promise');

  test('drafted after the promised time: an error on the line that promises it', () => {
    const [found, ...rest] = at('2026-11-26T06:00:00.000Z');
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ level: 'error', line: text.split('\n').length });
    expect(found!.message).toContain('next_update_at promises 2026-11-26 06:00 UTC, which has already passed');
  });

  test('negative controls: a time ahead, a fact not marked a promise, a statement that does not say it', () => {
    expect(at('2026-11-26T12:00:00.000Z')).toEqual([]);
    expect(at('2026-11-26T06:00:00.000Z', { playbookFacts: [{ ...promise, promise: false }] })).toEqual([]);
    expect(
      checkDraft(compliant, ctx({ facts: { next_update_at: '2026-11-26T06:00:00.000Z' }, playbookFacts: [promise] })),
    ).toEqual([]);
  });
});

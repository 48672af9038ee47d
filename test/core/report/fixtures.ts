/**
 * A hand-built after-action report of a realistic Tier 1 night in Clayton (America/Chicago),
 * across the 2026-03-08 DST change, with hostile text wherever a person, a fact or a playbook
 * can put text: markup, formulas, pipes, carriage returns, ANSI escapes, bidi overrides, quotes.
 */
import { computeFigures } from '../../../src/core/report/figures.js';
import type { ComplianceRow, Person, Report, RoleRef } from '../../../src/core/report/model.js';

export const HOSTILE = {
  script: '<script>alert("x")</script>',
  formula: '=HYPERLINK("http://evil.example/x","Click for details")',
  plusFormula: "+1+cmd|' /C calc'!A0",
  atFormula: "@SUM(1+1)*cmd|'/C calc'!A0",
  pipe: 'Cars | officers | witnesses',
  cr: 'approved: NO\rapproved: YES',
  ansi: '\x1b[31mRED ALERT\x1b[0m',
  bidi: 'invoice\u202egpj.exe',
  quote: 'He said "stay back" & left',
  markdown: '# Heading *bold* _it_ `code` [link](http://evil.example) <b>html</b> ~~x~~ $x$',
  leadingDash: '- not a list item',
  apostrophe: "O'Brien's <b>",
} as const;

const ZONE = 'America/Chicago';

const role = (id: string, title: string): RoleRef => ({ id, title });
export const ROLES = {
  manager: role('city-manager', 'City Manager'),
  chief: role('police-chief', 'Chief of Police'),
  pio: role('pio', 'Police Public Information Officer'),
  mayor: role('mayor', 'Mayor'),
  board: role('board', 'Board of Aldermen'),
  clerk: role('clerk', 'City Clerk'),
  prosecutor: role('prosecutor', 'County Prosecuting Attorney'),
} as const;

const person = (r: RoleRef, name: string, user = 'cic@cityhall'): Person => ({ role: r, name, user });
export const PEOPLE = {
  manager: person(ROLES.manager, 'Pat Reyes'),
  chief: person(ROLES.chief, 'Mary Okafor'),
  pio: person(ROLES.pio, HOSTILE.apostrophe),
  mayor: person(ROLES.mayor, `Sam ${HOSTILE.bidi}`),
  clerk: person(ROLES.clerk, 'June Park'),
} as const;

const SHA = {
  playbook: 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778',
  hs1: '1111111111111111111111111111111111111111111111111111111111111111',
  hs2: '2222222222222222222222222222222222222222222222222222222222222222',
  pu1: '3333333333333333333333333333333333333333333333333333333333333333',
  head: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};

function row(
  partial: Partial<ComplianceRow> & Pick<ComplianceRow, 'action' | 'title' | 'kind' | 'owner' | 'outcome'>,
): ComplianceRow {
  return {
    occurrence: 0,
    required: true,
    waiting_on: [],
    notify: [],
    due: null,
    original_due: partial.due ?? null,
    completed_at: null,
    completed_by: null,
    late_by_minutes: null,
    reason: null,
    note: null,
    extensions: [],
    references: [],
    outside: false,
    source: null,
    request: null,
    ...partial,
  };
}

export const COMPLIANCE: ComplianceRow[] = [
  row({
    action: 'notify-city-manager',
    title: 'Notify the City Manager',
    kind: 'notification',
    owner: ROLES.chief,
    notify: [ROLES.manager],
    due: '2026-03-07T22:15:00-06:00',
    outcome: 'done',
    completed_at: '2026-03-07T22:10:00-06:00',
    completed_by: PEOPLE.chief,
    note: HOSTILE.cr,
    references: [{ citation: 'Clayton CICP §3.1', url: 'https://www.claytonmo.gov/cicp', note: null }],
  }),
  row({
    action: 'notify-mayor-board',
    title: 'Notify the Mayor and the Board of Aldermen',
    kind: 'notification',
    owner: ROLES.manager,
    notify: [ROLES.mayor, ROLES.board],
    due: '2026-03-07T23:20:00-06:00',
    outcome: 'late',
    completed_at: '2026-03-07T23:42:00-06:00',
    completed_by: PEOPLE.manager,
    late_by_minutes: 22,
  }),
  row({
    action: 'holding-statement',
    title: `Holding statement ${HOSTILE.pipe}`,
    kind: 'statement',
    owner: ROLES.pio,
    due: '2026-03-08T00:50:00-06:00',
    original_due: '2026-03-07T23:50:00-06:00',
    outcome: 'extended',
    completed_at: '2026-03-08T00:20:00-06:00',
    completed_by: PEOPLE.pio,
    reason: HOSTILE.quote,
    extensions: [
      {
        from: '2026-03-07T23:50:00-06:00',
        to: '2026-03-08T00:50:00-06:00',
        reason: HOSTILE.quote,
        by: PEOPLE.manager,
        at: '2026-03-07T23:40:00-06:00',
        seq: 8,
      },
    ],
    references: [{ citation: 'CERC: first message', url: null, note: HOSTILE.markdown }],
  }),
  row({
    action: 'board-briefing',
    title: 'Brief the Board of Aldermen',
    kind: 'briefing',
    owner: ROLES.manager,
    notify: [ROLES.board],
    due: '2026-03-08T03:50:00-05:00',
    outcome: 'done',
    completed_at: '2026-03-08T03:30:00-05:00',
    completed_by: PEOPLE.manager,
    references: [{ citation: 'RSMo 610.020', url: null, note: 'Closed meeting notice' }],
  }),
  row({
    action: 'public-update',
    occurrence: 0,
    title: 'Public update',
    kind: 'statement',
    owner: ROLES.pio,
    due: '2026-03-08T05:00:00-05:00',
    outcome: 'done',
    completed_at: '2026-03-08T04:45:00-05:00',
    completed_by: PEOPLE.pio,
    // The holding statement said when the next update would be: that promise was this update.
    promise: {
      fact: 'next_update_at',
      at: '2026-03-08T05:00:00-05:00',
      statement: 'holding-statement',
      version: 2,
      made_at: '2026-03-08T00:20:00-06:00',
      superseded: [],
      after_passed: [],
    },
  }),
  row({
    action: 'public-update',
    occurrence: 1,
    title: 'Public update',
    kind: 'statement',
    owner: ROLES.pio,
    due: '2026-03-08T09:00:00-05:00',
    outcome: 'skipped',
    reason: HOSTILE.formula,
  }),
  row({
    action: 'press-conference',
    title: 'Press conference',
    kind: 'press-conference',
    owner: ROLES.chief,
    due: '2026-03-08T10:00:00-05:00',
    outcome: 'late',
    completed_at: '2026-03-08T11:05:00-05:00',
    completed_by: PEOPLE.chief,
    late_by_minutes: 65,
    note: HOSTILE.plusFormula,
  }),
  row({
    action: 'public-update',
    occurrence: 2,
    title: 'Public update',
    kind: 'statement',
    owner: ROLES.pio,
    due: '2026-03-08T13:00:00-05:00',
    outcome: 'missed',
  }),
  row({
    action: 'records-request',
    occurrence: 1,
    title: `Sunshine request: ${HOSTILE.atFormula}`,
    kind: 'records',
    owner: ROLES.clerk,
    request: { kind: 'records-request', from: 'KSDK-TV', received_at: '2026-03-06T10:00:00-06:00' },
    due: '2026-03-11T17:00:00-05:00',
    outcome: 'upcoming',
    references: [
      {
        citation: 'RSMo 610.023.3',
        url: 'https://revisor.mo.gov/main/OneSection.aspx?section=610.023',
        note: 'Three business days',
      },
    ],
  }),
  row({
    action: 'after-action-review',
    title: 'After-action review',
    kind: 'task',
    owner: ROLES.manager,
    required: false,
    outcome: 'waiting',
    waiting_on: ['closed'],
    reason: HOSTILE.leadingDash,
  }),
];

function activity(
  seq: number,
  at: string,
  by: Person,
  type: string,
  text: string,
  recorded?: string,
): Report['activity'][number] {
  return {
    seq,
    at,
    recorded_at: recorded ?? at,
    stated_at: recorded ? at : null,
    simulated: false,
    by,
    type,
    activity: text,
  };
}

export const ACTIVITY: Report['activity'] = [
  activity(0, '2026-03-07T22:00:00-06:00', PEOPLE.chief, 'incident.opened', `Opened: ${HOSTILE.script}`),
  activity(1, '2026-03-07T22:00:05-06:00', PEOPLE.chief, 'incident.classified', 'Classified Tier 2 by questions'),
  activity(2, '2026-03-07T22:02:00-06:00', PEOPLE.chief, 'fact.recorded', `Fact vehicles = four patrol cars`),
  activity(
    3,
    '2026-03-07T22:10:00-06:00',
    PEOPLE.chief,
    'action.completed',
    'Completed Notify the City Manager',
    '2026-03-07T22:40:00-06:00',
  ),
  activity(
    4,
    '2026-03-07T22:50:00-06:00',
    PEOPLE.manager,
    'incident.classified',
    `Escalated to Tier 1: ${HOSTILE.pipe}`,
  ),
  activity(5, '2026-03-07T23:05:00-06:00', PEOPLE.mayor, 'note', `${HOSTILE.ansi} ${HOSTILE.cr}`),
  activity(6, '2026-03-07T23:15:00-06:00', PEOPLE.pio, 'statement.drafted', 'Drafted holding-statement v1'),
  activity(
    7,
    '2026-03-07T23:30:00-06:00',
    PEOPLE.manager,
    'statement.rejected',
    `Rejected holding-statement v1: ${HOSTILE.markdown}`,
  ),
  activity(
    8,
    '2026-03-07T23:40:00-06:00',
    PEOPLE.manager,
    'deadline.extended',
    `Extended holding-statement to 00:50: ${HOSTILE.quote}`,
  ),
  activity(
    9,
    '2026-03-07T23:42:00-06:00',
    PEOPLE.manager,
    'action.completed',
    'Completed Notify the Mayor and the Board of Aldermen',
  ),
  activity(10, '2026-03-07T23:45:00-06:00', PEOPLE.pio, 'statement.drafted', 'Drafted holding-statement v2 (edited)'),
  activity(11, '2026-03-08T00:05:00-06:00', PEOPLE.chief, 'statement.approved', 'Approved holding-statement v2'),
  activity(12, '2026-03-08T00:10:00-06:00', PEOPLE.manager, 'statement.approved', 'Approved holding-statement v2'),
  activity(
    13,
    '2026-03-08T00:20:00-06:00',
    PEOPLE.pio,
    'statement.released',
    'Released holding-statement v2: press-release, social',
  ),
  activity(
    14,
    '2026-03-08T03:30:00-05:00',
    PEOPLE.manager,
    'action.completed',
    'Completed Brief the Board of Aldermen',
  ),
  activity(15, '2026-03-08T04:30:00-05:00', PEOPLE.pio, 'statement.drafted', 'Drafted public-update v1'),
  activity(16, '2026-03-08T04:45:00-05:00', PEOPLE.pio, 'statement.released', 'Released public-update v1: website'),
  activity(
    17,
    '2026-03-08T08:55:00-05:00',
    PEOPLE.pio,
    'action.skipped',
    `Skipped public-update#1: ${HOSTILE.formula}`,
  ),
  activity(18, '2026-03-08T11:05:00-05:00', PEOPLE.chief, 'action.completed', 'Completed Press conference'),
  activity(
    19,
    '2026-03-08T14:00:00-05:00',
    PEOPLE.manager,
    'incident.closed',
    'Closed (forced), left open: public-update#2',
  ),
];

const withoutFigures: Omit<Report, 'figures'> = {
  cic_report: 1,
  time_zone: ZONE,
  generated_at: '2026-03-08T14:05:00-05:00',
  generated_clock: 'system',
  header: {
    incident: '2026-0007',
    title: `Traffic stop video ${HOSTILE.script} | "Loop"`,
    jurisdiction: 'City of Clayton, Missouri',
    status: 'closed',
    occurred_at: '2026-03-07T21:40:00-06:00',
    declared_at: '2026-03-07T22:00:00-06:00',
    closed_at: '2026-03-08T14:00:00-05:00',
    period: { from: '2026-03-07T21:40:00-06:00', to: '2026-03-08T14:00:00-05:00' },
    tier: { id: 'tier-1', name: 'Tier 1: Critical incident' },
    tier_history: [
      {
        seq: 1,
        at: '2026-03-07T22:00:05-06:00',
        tier: { id: 'tier-2', name: 'Tier 2: Community trust' },
        from: null,
        reason: 'A partner institution made a public statement',
        method: 'questions',
        by: PEOPLE.chief,
      },
      {
        seq: 4,
        at: '2026-03-07T22:50:00-06:00',
        tier: { id: 'tier-1', name: 'Tier 1: Critical incident' },
        from: { id: 'tier-2', name: 'Tier 2: Community trust' },
        reason: `Video circulating ${HOSTILE.pipe}`,
        method: 'manual',
        by: PEOPLE.manager,
      },
    ],
    lifecycle: [
      {
        seq: 19,
        type: 'closed',
        at: '2026-03-08T14:00:00-05:00',
        by: PEOPLE.manager,
        reason: 'Handed to the after-action review',
        forced: true,
        left_open: ['public-update#2'],
      },
    ],
    playbook: {
      id: 'clayton-cicp',
      version: '1.2.0',
      title: 'Clayton Critical Incident Communications Plan',
      sha256: SHA.playbook,
    },
  },
  integrity: {
    ok: true,
    entries: 20,
    head: `19:${SHA.head}`,
    problem: null,
    simulated: { count: 0, seqs: [] },
    backfilled: [
      {
        seq: 3,
        type: 'action.completed',
        by: PEOPLE.chief,
        stated_at: '2026-03-07T22:10:00-06:00',
        recorded_at: '2026-03-07T22:40:00-06:00',
        gap_minutes: 30,
      },
    ],
    repairs: [],
  },
  compliance: COMPLIANCE,
  statements: [
    {
      statement: 'holding-statement',
      title: `Holding statement ${HOSTILE.pipe}`,
      versions: [
        {
          version: 1,
          sha256: SHA.hs1,
          seq: 6,
          file: 'drafts/holding-statement.v1.md',
          drafted_at: '2026-03-07T23:15:00-06:00',
          by: PEOPLE.pio,
          source: 'template',
          checks: [{ level: 'warning', line: 4, message: `Flagged phrase: ${HOSTILE.script}` }],
          text: `The City is aware of an incident near ${HOSTILE.pipe}.\n\nMore at 02:00.\n`,
          facts: [{ fact: 'vehicles', value: 'four patrol cars' }],
        },
        {
          version: 2,
          sha256: SHA.hs2,
          seq: 8,
          file: 'drafts/holding-statement.v2.md',
          drafted_at: '2026-03-07T23:45:00-06:00',
          by: PEOPLE.pio,
          source: 'edited',
          checks: [],
          text: `# Holding statement\n\n${HOSTILE.markdown}\n${HOSTILE.script}\n- ${HOSTILE.cr} ${HOSTILE.bidi}\n1. four patrol cars\n`,
          facts: [{ fact: 'vehicles', value: 'four patrol cars' }],
        },
      ],
      approvals: [
        {
          version: 2,
          sha256: SHA.hs2,
          role: ROLES.chief,
          by: PEOPLE.chief,
          at: '2026-03-08T00:05:00-06:00',
          warnings: [],
        },
        {
          version: 2,
          sha256: SHA.hs2,
          role: ROLES.manager,
          by: PEOPLE.manager,
          at: '2026-03-08T00:10:00-06:00',
          warnings: ['Estimated time'],
        },
      ],
      rejections: [
        { version: 1, sha256: SHA.hs1, by: PEOPLE.manager, at: '2026-03-07T23:30:00-06:00', reason: HOSTILE.markdown },
      ],
      releases: [
        {
          version: 2,
          sha256: SHA.hs2,
          at: '2026-03-08T00:20:00-06:00',
          by: PEOPLE.pio,
          channels: ['press-release', 'social'],
        },
      ],
    },
    {
      statement: 'public-update',
      title: 'Public update',
      versions: [
        {
          version: 1,
          sha256: SHA.pu1,
          seq: 14,
          file: 'drafts/public-update.v1.md',
          drafted_at: '2026-03-08T04:30:00-05:00',
          by: PEOPLE.pio,
          source: 'template',
          checks: [],
          text: `Update: six patrol cars ${HOSTILE.pipe} responded.\n`,
          facts: [{ fact: 'vehicles', value: `six patrol cars ${HOSTILE.pipe}` }],
        },
      ],
      approvals: [
        {
          version: 1,
          sha256: SHA.pu1,
          role: ROLES.chief,
          by: PEOPLE.chief,
          at: '2026-03-08T04:40:00-05:00',
          warnings: [],
        },
      ],
      rejections: [],
      releases: [
        { version: 1, sha256: SHA.pu1, at: '2026-03-08T04:45:00-05:00', by: PEOPLE.pio, channels: ['website'] },
      ],
    },
  ],
  fact_changes: [
    {
      fact: 'vehicles',
      before: 'four patrol cars',
      after: `six patrol cars ${HOSTILE.pipe}`,
      from: { statement: 'holding-statement', version: 2, at: '2026-03-08T00:20:00-06:00' },
      to: { statement: 'public-update', version: 1, at: '2026-03-08T04:45:00-05:00' },
    },
  ],
  activity: ACTIVITY,
};

/** A fresh copy each call, so a test may mutate its own. */
export function sampleReport(): Report {
  const base = structuredClone(withoutFigures);
  return {
    ...base,
    figures: computeFigures({
      declared_at: base.header.declared_at,
      compliance: base.compliance,
      statements: base.statements,
    }),
  } as Report;
}

/** Role ids that own at least one compliance row with a deadline or completion (= timeline lanes). */
export const OWNER_LANES = ['police-chief', 'city-manager', 'pio', 'clerk'];

import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { localTime } from '../../../src/core/report/times.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { activityContext, describeActivity } from '../../../src/core/report/activity.js';
import { OUTCOMES } from '../../../src/core/report/model.js';
import { getValidator } from '../../../src/io/schemas/validators.js';
import { actor, deputy, playbook as testPlaybook } from '../../core/incident/fixtures.js';
import { build, chief, entries, line, manager, opening, pio } from './fixtures.js';

const system = actor('system', 'Clerk Diaz');

// A Tier 2 use of force re-tiered to Tier 1, on Thanksgiving 2026 (CST, UTC-6). The report is
// made the next afternoon with the incident still open.
const openNight = [
  ...opening('2026-11-26T08:00:00.000Z', '2026-11-26T07:50:00.000Z', 'tier-2'),
  line(
    'incident.classified',
    { tier: 'tier-1', from: 'tier-2', reason: 'The subject died in hospital', method: 'manual' },
    '2026-11-26T08:10:00.000Z',
  ),
  line('action.completed', { action: 'notify-city-manager', occurrence: 0 }, '2026-11-26T08:30:00.000Z', {
    actor: chief,
  }),
  line(
    'statement.drafted',
    {
      statement: 'holding-statement',
      version: 1,
      file: 'drafts/holding-statement.v1.md',
      sha256: '1'.repeat(64),
      text: 'The words.',
      facts: { vehicles: 4 },
      checks: [{ level: 'warning', line: 3, message: 'no next update time' }],
      source: 'template',
    },
    '2026-11-26T08:40:00.000Z',
    { actor: pio },
  ),
  line(
    'statement.approved',
    { statement: 'holding-statement', version: 1, sha256: '1'.repeat(64), warnings: ['no next update time'] },
    '2026-11-26T08:45:00.000Z',
    { actor: deputy },
  ),
  line(
    'statement.approved',
    { statement: 'holding-statement', version: 1, sha256: '1'.repeat(64), warnings: [] },
    '2026-11-26T08:50:00.000Z',
    { actor: manager },
  ),
  line(
    'statement.released',
    {
      statement: 'holding-statement',
      version: 1,
      sha256: '1'.repeat(64),
      channels: ['website', 'social'],
      facts: { vehicles: 4 },
    },
    '2026-11-26T08:55:00.000Z',
    { actor: pio },
  ),
  line(
    'action.completed',
    { action: 'holding-statement', occurrence: 0, note: 'released v1' },
    '2026-11-26T08:55:00.000Z',
    { actor: pio },
  ),
  line('action.completed', { action: 'notify-mayor', occurrence: 0 }, '2026-11-26T10:22:00.000Z'),
  line('action.completed', { action: 'situation-update', occurrence: 0 }, '2026-11-26T11:50:00.000Z', { actor: pio }),
  line(
    'statement.drafted',
    {
      statement: 'holding-statement',
      version: 2,
      file: 'drafts/holding-statement.v2.md',
      sha256: '2'.repeat(64),
      text: 'The words.',
      facts: { vehicles: 6 },
      checks: [],
      source: 'edited',
    },
    '2026-11-26T12:00:00.000Z',
    { actor: pio },
  ),
  line(
    'statement.rejected',
    { statement: 'holding-statement', version: 2, sha256: '2'.repeat(64), reason: 'Say six cars, not "several"' },
    '2026-11-26T12:05:00.000Z',
    { actor: chief },
  ),
  line(
    'statement.approved',
    { statement: 'holding-statement', version: 2, sha256: '2'.repeat(64), warnings: [] },
    '2026-11-26T12:10:00.000Z',
    { actor: chief },
  ),
  line(
    'statement.approved',
    { statement: 'holding-statement', version: 2, sha256: '2'.repeat(64), warnings: [] },
    '2026-11-26T12:12:00.000Z',
    { actor: manager },
  ),
  line(
    'statement.released',
    {
      statement: 'holding-statement',
      version: 2,
      sha256: '2'.repeat(64),
      channels: ['website'],
      facts: { vehicles: 6 },
    },
    '2026-11-26T12:30:00.000Z',
    { actor: pio },
  ),
  line(
    'action.skipped',
    { action: 'situation-update', occurrence: 1, reason: 'Merged into the 12:30 release' },
    '2026-11-26T15:00:00.000Z',
    { actor: pio },
  ),
  line('action.completed', { action: 'situation-update', occurrence: 2 }, '2026-11-26T20:30:20.000Z', { actor: pio }),
  line(
    'action.skipped',
    { action: 'evidence-log', occurrence: 0, reason: 'Held by the County' },
    '2026-11-27T08:00:00.000Z',
    { actor: chief },
  ),
  line('action.completed', { action: 'body-cam-review', occurrence: 0 }, '2026-11-27T09:00:00.000Z', {
    actor: chief,
    stated_at: '2026-11-27T07:30:00.000Z',
  }),
  line(
    'deadline.extended',
    {
      action: 'council-briefing',
      occurrence: 0,
      from: '2026-11-27T10:22:00.000Z',
      due: '2026-11-27T22:22:00.000Z',
      reason: 'Two aldermen travelling',
    },
    '2026-11-27T09:00:00.000Z',
  ),
  line('note', { text: "Called the family's attorney <script>alert(1)</script>" }, '2026-11-27T10:00:00.000Z', {
    stated_at: '2026-11-27T09:15:00.000Z',
    simulated: true,
  }),
  line(
    'log.repaired',
    { offset: 12345, length: 17, sha256: 'f'.repeat(64), quarantine: 'log.jsonl.quarantine-1' },
    '2026-11-27T11:00:00.000Z',
    { actor: system, simulated: true },
  ),
  line(
    'action.completed',
    { action: 'council-briefing', occurrence: 0, note: 'Closed session, RSMo 610.021' },
    '2026-11-27T15:00:00.000Z',
  ),
];
const NOW = '2026-11-27T20:00:00.000Z';

describe('buildReport on an open incident', () => {
  const { report, row, log } = build(openNight, NOW);

  test('every time is RFC 3339 in the playbook zone (CST)', () => {
    expect(report.time_zone).toBe('America/Chicago');
    expect(report.generated_at).toBe('2026-11-27T14:00:00-06:00');
    expect(report.header.occurred_at).toBe('2026-11-26T01:50:00-06:00');
    expect(report.header.declared_at).toBe('2026-11-26T02:00:00-06:00');
    const times = JSON.stringify(report).match(/\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})/g)!;
    expect(times.length).toBeGreaterThan(50);
    expect(times.filter((t) => !t.endsWith('-06:00'))).toEqual([]);
  });

  test('header: open, the period runs to the report time, tier history with reasons and who', () => {
    const h = report.header;
    expect(h.status).toBe('open');
    expect(h.closed_at).toBeNull();
    expect(h.period).toEqual({ from: h.occurred_at, to: report.generated_at });
    expect(h.tier).toEqual({ id: 'tier-1', name: 'Tier 1' });
    expect(h.tier_history.map((t) => [t.seq, t.from?.id ?? null, t.tier.id, t.reason])).toEqual([
      [1, null, 'tier-2', 'Force with serious injury'],
      [2, 'tier-2', 'tier-1', 'The subject died in hospital'],
    ]);
    expect(h.tier_history[1]!.by).toEqual({
      role: { id: 'city-manager', title: 'City Manager' },
      name: 'Manager Lee',
      user: 'tester@host',
    });
    expect(h.playbook).toEqual({ id: 'test-city', version: '1.0', title: testPlaybook.title, sha256: 'a'.repeat(64) });
  });

  test('on time, late (rounded up), extended, skipped, missed and open, as the model defines them', () => {
    expect(row('notify-city-manager').outcome).toBe('on time');
    expect(row('holding-statement')).toMatchObject({
      outcome: 'on time',
      note: 'released v1',
      completed_at: '2026-11-26T02:55:00-06:00',
    });
    expect(row('notify-mayor')).toMatchObject({
      outcome: 'late',
      late_by_minutes: 22,
      due: '2026-11-26T04:00:00-06:00',
    });
    // 30 min 20 s late is 31 minutes: rounded up.
    expect(row('situation-update', 2)).toMatchObject({ outcome: 'late', late_by_minutes: 31 });
    expect(row('council-briefing')).toMatchObject({
      outcome: 'extended',
      original_due: '2026-11-27T04:22:00-06:00',
      due: '2026-11-27T16:22:00-06:00',
      reason: 'Two aldermen travelling',
      late_by_minutes: null,
    });
    expect(row('council-briefing').extensions).toEqual([
      {
        from: '2026-11-27T04:22:00-06:00',
        to: '2026-11-27T16:22:00-06:00',
        reason: 'Two aldermen travelling',
        by: expect.objectContaining({ name: 'Manager Lee' }),
        at: '2026-11-27T03:00:00-06:00',
        seq: 20,
      },
    ]);
    expect(row('situation-update', 1)).toMatchObject({
      outcome: 'skipped',
      reason: 'Merged into the 12:30 release',
      completed_at: null,
      completed_by: null,
    });
    expect(row('evidence-log')).toMatchObject({ outcome: 'skipped', reason: 'Held by the County' });
    expect(row('press-conference')).toMatchObject({ outcome: 'missed', completed_at: null, late_by_minutes: null });
    // Backfilled: done as stated (01:30), before its 01:50 deadline.
    expect(row('body-cam-review')).toMatchObject({ outcome: 'on time', completed_at: '2026-11-27T01:30:00-06:00' });
    expect(row('thank-partners')).toMatchObject({ outcome: 'open', required: false });
  });

  test('a recurring action has a row per occurrence up to the next one still to come (one due exactly at the end is open)', () => {
    const updates = report.compliance.filter((r) => r.action === 'situation-update');
    expect(updates.map((r) => r.occurrence)).toEqual(updates.map((_, k) => k));
    expect(updates.map((r) => r.outcome)).toEqual([
      'on time',
      'skipped',
      'late',
      'missed',
      'missed',
      'missed',
      'missed',
      'missed',
      'open',
      'open',
    ]);
    expect(updates.map((r) => r.due!.slice(11, 16))).toEqual([
      '06:00',
      '10:00',
      '14:00',
      '18:00',
      '22:00',
      '02:00',
      '06:00',
      '10:00',
      '14:00',
      '18:00',
    ]);
  });

  test('rows are in playbook order, then occurrence; actions that do not apply are left out', () => {
    const order = new Map(testPlaybook.actions.map((a, i) => [a.id, i]));
    const keys = report.compliance.map((r) => [order.get(r.action)!, r.occurrence]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    expect(report.compliance.some((r) => r.action === 'community-meeting' || r.action === 'records-request')).toBe(
      false,
    );
  });

  test('statements: versions with checks, approvals counted for the approver a deputy acts for, rejections, releases', () => {
    const [hs] = report.statements;
    expect(hs!.statement).toBe('holding-statement');
    expect(hs!.title).toBe('Holding statement');
    expect(hs!.versions.map((v) => [v.version, v.source, v.checks.length])).toEqual([
      [1, 'template', 1],
      [2, 'edited', 0],
    ]);
    expect(hs!.approvals.map((a) => [a.version, a.role.id, a.by.role.id])).toEqual([
      [1, 'police-chief', 'deputy-chief'],
      [1, 'city-manager', 'city-manager'],
      [2, 'police-chief', 'police-chief'],
      [2, 'city-manager', 'city-manager'],
    ]);
    expect(hs!.approvals[0]!.warnings).toEqual(['no next update time']);
    expect(hs!.rejections).toEqual([expect.objectContaining({ version: 2, reason: 'Say six cars, not "several"' })]);
    expect(hs!.releases.map((r) => [r.version, r.channels])).toEqual([
      [1, ['website', 'social']],
      [2, ['website']],
    ]);
  });

  test('facts that changed between releases', () => {
    expect(report.fact_changes).toEqual([
      {
        fact: 'vehicles',
        before: 4,
        after: 6,
        from: { statement: 'holding-statement', version: 1, at: '2026-11-26T02:55:00-06:00' },
        to: { statement: 'holding-statement', version: 2, at: '2026-11-26T06:30:00-06:00' },
      },
    ]);
  });

  test('integrity: verified head, simulated entries, backfilled entries with their gap, repairs', () => {
    const i = report.integrity;
    expect(i.ok).toBe(true);
    expect(i.problem).toBeNull();
    expect(i.entries).toBe(log.length);
    expect(i.head).toBe(`${log.length - 1}:${log[log.length - 1]!.hash}`);
    expect(i.simulated).toEqual({ count: 2, seqs: [21, 22] });
    expect(i.backfilled.map((b) => [b.seq, b.type, b.gap_minutes])).toEqual([
      [19, 'action.completed', 90],
      [21, 'note', 45],
    ]);
    expect(i.backfilled[0]).toMatchObject({
      stated_at: '2026-11-27T01:30:00-06:00',
      recorded_at: '2026-11-27T03:00:00-06:00',
    });
    expect(i.repairs).toEqual([
      {
        seq: 22,
        at: '2026-11-27T05:00:00-06:00',
        offset: 12345,
        length: 17,
        sha256: 'f'.repeat(64),
        quarantine: 'log.jsonl.quarantine-1',
      },
    ]);
  });

  test('activity: every entry once, by effective time then seq, both times for a backfilled one', () => {
    const a = report.activity;
    expect(a.map((r) => r.seq).sort((x, y) => x - y)).toEqual(log.map((e) => e.seq));
    const keys = a.map((r) => [Date.parse(r.at), r.seq] as const);
    expect(keys).toEqual([...keys].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
    // The backfilled review (stated 01:30, written 03:00) comes before the entry written at 02:00.
    expect(a.findIndex((r) => r.seq === 19)).toBeLessThan(a.findIndex((r) => r.seq === 18));
    const note = a.find((r) => r.seq === 21)!;
    expect(note).toMatchObject({
      at: '2026-11-27T03:15:00-06:00',
      stated_at: '2026-11-27T03:15:00-06:00',
      recorded_at: '2026-11-27T04:00:00-06:00',
      simulated: true,
      type: 'note',
    });
    // Text is stored raw: escaping is each renderer's job.
    expect(note.activity).toBe("Called the family's attorney <script>alert(1)</script>");
    expect(a.find((r) => r.seq === 22)!.by.role).toEqual({ id: 'system', title: 'cic (system)' });
    expect(a.find((r) => r.seq === 18)!.activity).toBe('Skipped "Evidence log": Held by the County');
    expect(a.find((r) => r.seq === 17)!.activity).toBe('Completed "Situation update" #2');
  });

  test('figures come from the rows', () => {
    const f = report.figures;
    const count = (o: string) => report.compliance.filter((r) => r.outcome === o).length;
    for (const o of OUTCOMES) expect(f.counts[o]).toBe(count(o));
    const met = count('on time') + count('extended');
    expect(f.on_time_rate).toBeCloseTo(met / (met + count('late') + count('missed')));
    expect(f.median_late_minutes).toBe(26.5);
    expect(f.worst_late).toEqual({ action: 'situation-update', occurrence: 2, title: 'Situation update', minutes: 31 });
    expect(f.milestones.find((m) => m.id === 'first-statement')).toMatchObject({
      action: 'holding-statement',
      at: '2026-11-26T02:55:00-06:00',
      minutes_from_declared: 55,
    });
  });

  test('the report is plain JSON data (no undefined anywhere) that matches the published schema', () => {
    const validate = getValidator('report');
    const json = JSON.parse(JSON.stringify(report)) as unknown;
    expect(json).toStrictEqual(report);
    expect(validate(json) ? [] : validate.errors).toEqual([]);
  });

  test('the schema check catches a report that breaks it (negative control)', () => {
    const validate = getValidator('report');
    const broken = structuredClone(report) as unknown as {
      compliance: Record<string, unknown>[];
      header: Record<string, unknown>;
    };
    broken.compliance[0]!.outcome = 'pending';
    expect(validate(broken)).toBe(false);
    const missing = structuredClone(report) as unknown as { header: Record<string, unknown> };
    delete missing.header.title;
    expect(validate(missing)).toBe(false);
  });

  test('the simulated clock is reported', () => {
    expect(report.generated_clock).toBe('system');
    expect(build(openNight, NOW, { simulated: true }).report.generated_clock).toBe('simulated');
  });
});

// Opened at 01:30 CST on the night the clocks go forward (02:00 → 03:00), closed with items open,
// reopened, and closed again.
const dstNight = [
  ...opening('2026-03-08T07:30:00.000Z', '2026-03-08T07:00:00.000Z'),
  line('action.completed', { action: 'notify-city-manager', occurrence: 0 }, '2026-03-08T07:45:00.000Z', {
    actor: chief,
  }),
  line(
    'incident.closed',
    { forced: true, reason: 'Exercise ended', left_open: [{ action: 'notify-mayor', occurrence: 0 }] },
    '2026-03-08T08:30:00.000Z',
  ),
  line('incident.reopened', { reason: 'Video surfaced' }, '2026-03-08T09:00:00.000Z'),
  line('incident.closed', { forced: true, reason: 'Statement out', left_open: [] }, '2026-03-08T12:00:00.000Z'),
];

describe('buildReport on a closed incident', () => {
  const { report, row } = build(dstNight, '2026-03-20T15:00:00.000Z');

  test('times carry the offset in force at each instant, across the DST change', () => {
    expect(report.header.occurred_at).toBe('2026-03-08T01:00:00-06:00');
    expect(report.header.closed_at).toBe('2026-03-08T07:00:00-05:00');
  });

  test('the period ends at the close, and outcomes are judged there', () => {
    expect(report.header.status).toBe('closed');
    expect(report.header.period.to).toBe(report.header.closed_at);
    expect(row('notify-city-manager').outcome).toBe('on time');
    expect(row('notify-mayor')).toMatchObject({ outcome: 'missed', due: '2026-03-08T04:30:00-05:00' });
    // Waiting on notify-mayor, which never happened: its own deadline still stands, and passed.
    expect(row('press-conference')).toMatchObject({
      outcome: 'missed',
      due: '2026-03-08T05:30:00-05:00',
      original_due: '2026-03-08T05:30:00-05:00',
    });
    // Due after the close: still open at the end of the period.
    expect(row('after-action-review')).toMatchObject({ outcome: 'open', due: '2026-04-07T07:00:00-05:00' });
  });

  test('lifecycle: closings with what they left open, and the reopening', () => {
    expect(report.header.lifecycle).toEqual([
      {
        seq: 3,
        type: 'closed',
        at: '2026-03-08T03:30:00-05:00',
        by: expect.anything(),
        reason: 'Exercise ended',
        forced: true,
        left_open: ['notify-mayor#0'],
      },
      {
        seq: 4,
        type: 'reopened',
        at: '2026-03-08T04:00:00-05:00',
        by: expect.anything(),
        reason: 'Video surfaced',
        forced: false,
        left_open: [],
      },
      {
        seq: 5,
        type: 'closed',
        at: '2026-03-08T07:00:00-05:00',
        by: expect.anything(),
        reason: 'Statement out',
        forced: true,
        left_open: [],
      },
    ]);
  });

  test('nothing simulated, backfilled or repaired: empty lists, not missing ones', () => {
    expect(report.integrity.simulated).toEqual({ count: 0, seqs: [] });
    expect(report.integrity.backfilled).toEqual([]);
    expect(report.integrity.repairs).toEqual([]);
    expect(report.statements).toEqual([]);
    expect(report.fact_changes).toEqual([]);
    const validate = getValidator('report');
    expect(validate(JSON.parse(JSON.stringify(report))) ? [] : validate.errors).toEqual([]);
  });

  test('a log that does not verify: the problem and its first bad seq are in the integrity section', () => {
    const damaged = build(dstNight.slice(0, 4), '2026-03-20T15:00:00.000Z', {
      verify: {
        ok: false,
        entries: 4,
        first_bad_seq: 4,
        problem: 'entry #4: hash does not match the entry: it was changed after it was written',
      },
    }).report;
    expect(damaged.integrity.ok).toBe(false);
    expect(damaged.integrity.problem).toEqual({
      seq: 4,
      message: 'entry #4: hash does not match the entry: it was changed after it was written',
    });
    expect(damaged.header.status).toBe('closed');
    const validate = getValidator('report');
    expect(validate(JSON.parse(JSON.stringify(damaged))) ? [] : validate.errors).toEqual([]);
  });
});

describe('the activity describers', () => {
  const withDateFact: Playbook = {
    ...testPlaybook,
    facts: [...testPlaybook.facts, { id: 'next_update_at', type: 'date-time', prompt: 'When?' }],
  };

  test("a fact says what it was before, and a date-time fact is shown in the zone's wall clock", () => {
    const ctx = activityContext(withDateFact);
    const [a, b, c] = entries([
      line('fact.recorded', { fact: 'vehicles', value: 4 }, '2026-11-26T08:00:00.000Z'),
      line('fact.recorded', { fact: 'vehicles', value: 6 }, '2026-11-26T09:00:00.000Z'),
      line('fact.recorded', { fact: 'next_update_at', value: '2026-11-26T18:00:00.000Z' }, '2026-11-26T09:00:00.000Z'),
    ]);
    expect(describeActivity(a!, ctx)).toBe('Fact vehicles = 4');
    expect(describeActivity(b!, ctx)).toBe('Fact vehicles = 6 (was 4)');
    expect(describeActivity(c!, ctx)).toBe('Fact next_update_at = 2026-11-26 12:00');
  });

  test('an entry type this version does not know is named, not dropped', () => {
    const ctx = activityContext(testPlaybook);
    expect(describeActivity({ type: 'statement.translated', data: {} }, ctx)).toBe(
      'statement.translated (an entry type this version of cic does not describe)',
    );
    expect(describeActivity({ type: '__proto__', data: {} }, ctx)).toMatch(/^__proto__ \(an entry type/);
  });

  test('closing names what it left open', () => {
    const ctx = activityContext(testPlaybook);
    const [e] = entries([
      line(
        'incident.closed',
        {
          forced: true,
          reason: 'Done',
          left_open: [
            { action: 'situation-update', occurrence: 3 },
            { action: 'gone', occurrence: 0 },
          ],
        },
        '2026-11-26T08:00:00.000Z',
      ),
    ]);
    expect(describeActivity(e!, ctx)).toBe(
      'Closed the incident (forced): Done. Left open: "Situation update" #3, "gone"',
    );
  });
});

describe('times in the report', () => {
  test('every recorded time is localTime of the entry, to the millisecond, across DST changes (property)', () => {
    const start = Date.parse('2026-03-07T00:00:00Z');
    const end = Date.parse('2026-11-02T12:00:00Z');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: start, max: end }), { minLength: 1, maxLength: 40 }), (instants) => {
        const sorted = [...instants].sort((a, b) => a - b);
        const lines = [
          ...opening(new Date(sorted[0]!).toISOString(), new Date(sorted[0]!).toISOString()),
          ...sorted.map((ms) => line('note', { text: 'n' }, new Date(ms).toISOString())),
        ];
        const { report, log } = build(lines, new Date(end).toISOString());
        for (const row of report.activity) expect(row.recorded_at).toBe(localTime(log[row.seq]!.at, 'America/Chicago'));
      }),
      { numRuns: 60 },
    );
  });
});

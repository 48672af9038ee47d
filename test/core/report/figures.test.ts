import { describe, expect, test } from '@jest/globals';
import { computeFigures, plannedMilestones } from '../../../src/core/report/figures.js';
import { summaryLines } from '../../../src/core/report/words.js';
import { MILESTONES, type ComplianceRow } from '../../../src/core/report/model.js';
import { COMPLIANCE, ROLES, sampleReport } from './fixtures.js';

const input = () => {
  const r = sampleReport();
  return { declared_at: r.header.declared_at, compliance: r.compliance, statements: r.statements };
};

describe('computeFigures on the sample night', () => {
  const f = computeFigures(input());

  test('counts every outcome', () => {
    expect(f.counts).toEqual({
      done: 3,
      late: 2,
      missed: 1,
      skipped: 1,
      extended: 1,
      upcoming: 1,
      waiting: 1,
      due: 0,
      overdue: 0,
      cancelled: 0,
    });
  });

  test('on-time rate: met (done + extended) over those that came due', () => {
    expect(f.on_time_rate).toBeCloseTo(4 / 7);
  });

  test('an overdue deadline counts as come due and not met (it is never "open")', () => {
    const rows = input().compliance.map((r) => (r.outcome === 'upcoming' ? { ...r, outcome: 'overdue' as const } : r));
    expect(computeFigures({ ...input(), compliance: rows }).on_time_rate).toBeCloseTo(4 / 8);
  });

  test('median and worst lateness', () => {
    expect(f.median_late_minutes).toBe(43.5);
    expect(f.worst_late).toEqual({ action: 'press-conference', occurrence: 0, title: 'Press conference', minutes: 65 });
  });

  test('milestones from declaration (22:00 CST), across the DST change', () => {
    expect(f.milestones).toEqual([
      {
        id: 'first-statement',
        label: 'First public statement',
        action: 'holding-statement',
        occurrence: null,
        at: '2026-03-08T00:20:00-06:00',
        minutes_from_declared: 140,
      },
      // 03:30 CDT is 4 h 30 min after 22:00 CST, not 5 h 30 min.
      {
        id: 'board-briefing',
        label: 'Board briefing',
        action: 'board-briefing',
        occurrence: 0,
        at: '2026-03-08T03:30:00-05:00',
        minutes_from_declared: 270,
      },
      {
        id: 'press-briefing',
        label: 'Press briefing',
        action: 'press-conference',
        occurrence: 0,
        at: '2026-03-08T11:05:00-05:00',
        minutes_from_declared: 725,
      },
    ]);
  });
});

describe('the milestone rules', () => {
  const briefing = (over: Partial<ComplianceRow>): ComplianceRow => ({
    ...COMPLIANCE.find((r) => r.action === 'board-briefing')!,
    ...over,
  });

  test('a briefing that does not involve the governing body is not the Board briefing', () => {
    const rows = [
      briefing({
        action: 'brief-mayor',
        owner: ROLES.manager,
        notify: [ROLES.mayor],
        completed_at: '2026-03-07T23:00:00-06:00',
      }),
    ];
    const f = computeFigures({ ...input(), compliance: rows });
    expect(f.milestones[1]!.action).toBeNull();
  });

  test('a notification of the Board is not a briefing', () => {
    const f = computeFigures({ ...input(), compliance: COMPLIANCE.filter((r) => r.action !== 'board-briefing') });
    expect(f.milestones[1]).toEqual({
      id: 'board-briefing',
      label: 'Board briefing',
      action: null,
      occurrence: null,
      at: null,
      minutes_from_declared: null,
    });
  });

  test('the governing body is recognised by its title ("City Council") as well as its id', () => {
    const council = { id: 'governing-body', title: 'City Council' };
    const rows = [
      briefing({ action: 'council-briefing', notify: [council], completed_at: '2026-03-08T01:00:00-06:00' }),
    ];
    expect(computeFigures({ ...input(), compliance: rows }).milestones[1]!.action).toBe('council-briefing');
  });

  test('the earliest completion wins, and an open briefing does not count', () => {
    const rows = [
      briefing({ action: 'later', completed_at: '2026-03-08T05:00:00-05:00' }),
      briefing({ action: 'earlier', completed_at: '2026-03-08T01:00:00-06:00' }),
      briefing({ action: 'not-done', outcome: 'overdue', completed_at: null }),
    ];
    expect(computeFigures({ ...input(), compliance: rows }).milestones[1]!.action).toBe('earlier');
  });

  test('nothing due, nothing late: rates and lateness are null, milestones unreached', () => {
    const f = computeFigures({ declared_at: '2026-03-07T22:00:00-06:00', compliance: [], statements: [] });
    expect(f.on_time_rate).toBeNull();
    expect(f.median_late_minutes).toBeNull();
    expect(f.worst_late).toBeNull();
    expect(f.milestones.map((m) => m.id)).toEqual(MILESTONES.map((m) => m.id));
    expect(f.milestones.every((m) => m.at === null)).toBe(true);
  });
});

describe("duties owned outside the city are counted apart from the city's", () => {
  const prosecutor = { id: 'prosecutor', title: 'County Prosecuting Attorney' };
  const outside = (outcome: ComplianceRow['outcome'], n: number): ComplianceRow => ({
    ...COMPLIANCE[0]!,
    action: 'charging-decision',
    occurrence: n,
    owner: prosecutor,
    outcome,
    late_by_minutes: outcome === 'late' ? 600 : null,
    outside: true,
    source: 'County press release',
  });
  const base = input();
  const city = computeFigures(base);
  const withOutside = computeFigures({
    ...base,
    compliance: [...base.compliance, outside('late', 0), outside('missed', 1), outside('done', 2)],
  });

  test("the city's figures are unchanged by them", () => {
    expect(withOutside.counts).toEqual(city.counts);
    expect(withOutside.on_time_rate).toBe(city.on_time_rate);
    expect(withOutside.worst_late).toEqual(city.worst_late);
  });

  test('and they have figures of their own', () => {
    expect(city.outside).toEqual({ rows: 0, came_due: 0, met: 0, on_time_rate: null });
    expect(withOutside.outside).toEqual({ rows: 3, came_due: 3, met: 1, on_time_rate: 1 / 3 });
  });

  test('negative control: the same rows owned by the city do change its figures', () => {
    const asCity = computeFigures({
      ...base,
      compliance: [...base.compliance, { ...outside('late', 0), outside: false, source: null }],
    });
    expect(asCity.counts.late).toBe(city.counts.late + 1);
  });
});

describe('a milestone the plan does not hold is not reported as "not reached"', () => {
  const without = (kind: ComplianceRow['kind']) => {
    const r = sampleReport();
    const compliance = r.compliance.filter((row) => row.kind !== kind);
    return { ...r, compliance, figures: computeFigures({ ...input(), compliance }) };
  };
  const labels = (report: ReturnType<typeof sampleReport>) => summaryLines(report).map(([label]) => label);

  test('no press conference in the plan (a Tier 3 without one): no "Press briefing" line at all', () => {
    const report = without('press-conference');
    expect(plannedMilestones({ declared_at: report.header.declared_at, ...report }).has('press-briefing')).toBe(false);
    expect(labels(report)).not.toContain('Press briefing');
    expect(labels(report)).toContain('First public statement');
  });

  test('negative control: a press conference in the plan and not held is "not reached"', () => {
    const r = sampleReport();
    const compliance = r.compliance.map((row) =>
      row.kind === 'press-conference' ? { ...row, outcome: 'overdue' as const, completed_at: null } : row,
    );
    const report = { ...r, compliance, figures: computeFigures({ ...input(), compliance }) };
    expect(summaryLines(report)).toContainEqual(['Press briefing', 'not reached']);
  });

  test('the same rule for the Board briefing', () => {
    expect(labels(without('briefing'))).not.toContain('Board briefing');
    expect(labels(sampleReport())).toContain('Board briefing');
  });
});

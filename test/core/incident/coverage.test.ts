/**
 * The holiday-coverage warning where deadlines are computed (status, report) and at validate: a
 * business-day count that runs past the last year the calendar's listed holidays cover.
 */
import { describe, expect, test } from '@jest/globals';
import { playbookCoverageWarning, scheduleCoverageWarning } from '../../../src/core/incident/coverage.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { playbook as base } from './fixtures.js';
import { opened, stateOf } from './spec.js';

// The fixture lists 2026 holidays only; records-request is due 3 business days after declaration.
const withRequest = { records_requested: true };
const byRule: Playbook = {
  ...base,
  calendar: { ...base.calendar, holidays: [{ name: 'Thanksgiving Day', month: 11, weekday: 'thu', nth: 4 }] },
};
const noBusinessDays: Playbook = {
  ...base,
  actions: base.actions.filter((a) => !JSON.stringify(a).includes('business_')),
};

describe('where a deadline is computed', () => {
  test('a business-day deadline in a year the listed holidays do not cover is warned of', () => {
    const at = '2026-12-30T15:00:00.000Z'; // Wed; 3 business days → into January 2027
    const state = stateOf(opened({ at, facts: withRequest }));
    const now = new Date(at);
    expect(scheduleCoverageWarning(schedule(state, base, now), base, now)).toMatch(
      /lists holidays only through 2026; business days in 2027 are counted as if it had none/,
    );
  });

  test('negative controls: within the covered year; holidays by rule; no business-day rule', () => {
    const at = '2026-06-01T15:00:00.000Z';
    const state = stateOf(opened({ at, facts: withRequest }));
    const now = new Date(at);
    expect(scheduleCoverageWarning(schedule(state, base, now), base, now)).toBeUndefined();
    const late = stateOf(opened({ at: '2026-12-30T15:00:00.000Z', facts: withRequest }));
    const then = new Date('2026-12-30T15:00:00.000Z');
    expect(scheduleCoverageWarning(schedule(late, byRule, then), byRule, then)).toBeUndefined();
    expect(scheduleCoverageWarning(schedule(late, noBusinessDays, then), noBusinessDays, then)).toBeUndefined();
  });
});

describe('at validate', () => {
  test('listed holidays that end within a month, with business-day rules, are warned of', () => {
    expect(playbookCoverageWarning(base, new Date('2026-12-03T12:00:00Z'))).toMatch(
      /calendar\.holidays lists dates only through 2026/,
    );
    expect(playbookCoverageWarning(base, new Date('2027-03-01T12:00:00Z'))).toMatch(/only through 2026/);
    expect(playbookCoverageWarning(base, new Date('2026-11-15T12:00:00Z'))).toBeUndefined();
    expect(playbookCoverageWarning(base, new Date('2025-06-01T12:00:00Z'))).toBeUndefined();
    expect(playbookCoverageWarning(byRule, new Date('2030-01-01T12:00:00Z'))).toBeUndefined();
    expect(playbookCoverageWarning(noBusinessDays, new Date('2030-01-01T12:00:00Z'))).toBeUndefined();
  });
});

/**
 * The walk-through's "what next", on the bundled playbook: overdue first, then by deadline; a
 * role's own items and the statements waiting for its approval; items put off come last; beyond
 * the horizon only the next deadline is named.
 */
import { describe, expect, test } from '@jest/globals';
import { HORIZON_MS, concernOf, itemKey, nextFor } from '../../../src/cli/walkthrough/next.js';
import { actor, playbook, tier1 } from './fixture.js';

const NOW = '2026-11-26T08:10:00Z'; // 02:10 CST: notify-city-manager (due 02:09) is overdue
const none = new Set<string>();

describe('nextFor', () => {
  test('every role: overdue first, then the soonest deadline', () => {
    const log = tier1();
    const next = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), { roles: undefined, later: none });
    expect(next.item?.action).toBe('notify-city-manager');
    expect(next.item?.state).toBe('overdue');
    expect(next.due.map((i) => i.action).slice(0, 4)).toEqual([
      'notify-city-manager',
      'brief-mayor-board',
      'notify-city-attorney',
      'holding-statement',
    ]);
  });

  test('a role sees only its own items (and the ones it acts for)', () => {
    const log = tier1();
    const pio = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), { roles: ['pio'], later: none });
    expect(pio.due.map((i) => i.action)).toEqual(['holding-statement']);
    const deputy = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), {
      roles: ['deputy-chief'],
      later: none,
    });
    expect(deputy.item?.action).toBe('notify-city-manager');
    expect(deputy.concern).toBe('owner');
  });

  test("a drafted statement is on its approvers' lists until they decide, then off", () => {
    const log = tier1().add(
      'statement.drafted',
      {
        statement: 'holding-statement',
        version: 1,
        file: 'drafts/holding-statement.v1.md',
        sha256: 'b'.repeat(64),
        text: 'The words.',
        facts: {},
        checks: [],
        source: 'template',
      },
      '2026-11-26T08:05:00Z',
      actor('pio'),
    );
    const manager = () =>
      nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), { roles: ['city-manager'], later: none });
    expect(manager().due.map((i) => i.action)).toContain('holding-statement');
    const held = manager().due.find((i) => i.action === 'holding-statement')!;
    expect(concernOf(held, ['city-manager'], log.state(), playbook)).toBe('approver');
    log.add(
      'statement.approved',
      { statement: 'holding-statement', version: 1, sha256: 'b'.repeat(64), warnings: [] },
      '2026-11-26T08:06:00Z',
      actor('assistant-city-manager'),
    );
    expect(manager().due.map((i) => i.action)).not.toContain('holding-statement');
  });

  test('a draft with check errors waits for a new draft, not for approvers', () => {
    const log = tier1().add(
      'statement.drafted',
      {
        statement: 'holding-statement',
        version: 1,
        file: 'drafts/holding-statement.v1.md',
        sha256: 'b'.repeat(64),
        text: 'The words.',
        facts: {},
        checks: [{ level: 'error', line: 3, message: 'x' }],
        source: 'template',
      },
      '2026-11-26T08:05:00Z',
      actor('pio'),
    );
    const chief = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), {
      roles: ['police-chief'],
      later: none,
    });
    expect(chief.due.map((i) => i.action)).not.toContain('holding-statement');
  });

  test('an item put off comes after every other due item, and is not presented first', () => {
    const log = tier1();
    const next = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), {
      roles: undefined,
      later: new Set(['notify-city-manager#0']),
    });
    expect(next.item?.action).toBe('brief-mayor-board');
    expect(next.due.at(-1)?.action).toBe('notify-city-manager');
  });

  test('when everything due is put off there is no item, but the due list keeps them', () => {
    const log = tier1();
    const all = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), { roles: ['pio'], later: none });
    const next = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), {
      roles: ['pio'],
      later: new Set(all.due.map(itemKey)),
    });
    expect(next.item).toBeUndefined();
    expect(next.due).toHaveLength(1);
  });

  test('nothing due within the horizon: it names the next deadline beyond it', () => {
    const log = tier1();
    for (const a of [
      'notify-city-manager',
      'brief-mayor-board',
      'notify-city-attorney',
      'coordinate-investigating-agency',
      'notify-next-of-kin',
      'press-briefing',
    ]) {
      log.add('action.completed', { action: a, occurrence: 0 }, '2026-11-26T08:09:00Z');
    }
    const clerk = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), {
      roles: ['city-clerk'],
      later: none,
      horizonMs: HORIZON_MS,
    });
    expect(clerk.item).toBeUndefined();
    expect(clerk.nextDeadline?.action).toBe('open-records-log');
    // The negative control: a wider horizon takes it in.
    const wide = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), {
      roles: ['city-clerk'],
      later: none,
      horizonMs: 10 * HORIZON_MS,
    });
    expect(wide.item?.action).toBe('open-records-log');
  });

  test('waiting items are reported, never presented', () => {
    const log = tier1();
    const pio = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), { roles: ['pio'], later: none });
    expect(pio.waiting.map((i) => i.action).sort()).toEqual([
      // The press briefing's run of show waits for its start (or for it to be held).
      'answer-open-questions',
      'interpreter-captioning',
      'livestream-check',
      'media-advisory',
      'post-transcript-video',
      'public-update',
      'release-officer-names',
      'talking-points',
      'talking-points-draft',
    ]);
    expect(pio.due.some((i) => i.state === 'waiting')).toBe(false);
  });

  test("a cancelled press conference's steps counted from its start are not reported as waiting", () => {
    const log = tier1()
      .add('press.scheduled', { action: 'press-briefing', start: '2026-11-26T16:00:00.000Z' }, '2026-11-26T08:05:00Z')
      .add(
        'press.cancelled',
        { action: 'press-briefing', reason: 'Joint briefing at the County', from: '2026-11-26T16:00:00.000Z' },
        '2026-11-26T08:06:00Z',
      );
    const pio = nextFor(log.items(NOW), log.state(), playbook, new Date(NOW), { roles: ['pio'], later: none });
    const waiting = pio.waiting.map((i) => i.action);
    expect(waiting).not.toContain('media-advisory');
    expect(waiting).not.toContain('talking-points');
    // Negative control: what follows the briefing still waits for it.
    expect(waiting).toContain('post-transcript-video');
    expect(pio.due.map((i) => i.action)).not.toContain('media-advisory');
  });
});

/**
 * `cic open` in-process on a temporary workspace: flags only (no terminal), the tier by the
 * classification questions or by hand, and every refusal before the incident folder is made.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { open } from '../../../src/cli/commands/open.js';
import { InputError, PermissionError } from '../../../src/core/errors.js';
import { logOf, ok, run, tempWorkspace } from './workspace.js';
import { openOptions } from '../../../src/cli/options.js';

const NOW = '2026-11-26T08:00:00.000Z'; // 02:00 CST, Thanksgiving
const as = { as: 'city-manager', name: 'Jane Doe' };
const incidents = (root: string) => (existsSync(join(root, 'incidents')) ? readdirSync(join(root, 'incidents')) : []);

describe('cic open without a terminal', () => {
  test('classifies by the questions answered with --fact and says which definition matched and why', async () => {
    const root = tempWorkspace();
    const r = await ok(NOW, () =>
      open(
        openOptions([], {
          workspace: root,
          ...as,
          title: 'Shooting at Forsyth and Hanley',
          fact: ['shots_fired_by_officer=yes'],
          occurredAt: '2026-11-26 01:40',
        }),
      ),
    );
    expect(r.value).toEqual({
      incident: '2026-0001',
      tier: 'tier-1',
      reason: expect.stringContaining('matched because any of: shots_fired_by_officer is true'),
      occurred_at: '2026-11-26T01:40:00-06:00',
      declared_at: '2026-11-26T02:00:00-06:00',
    });
    expect(r.out).toContain('Incident 2026-0001 opened');
    expect(r.out).toContain('Tier 1 - Critical (tier-1)');
    // What is due first, in the zone: the Chief's call within 15 minutes of declaring.
    expect(r.out).toMatch(/02:15 CST\s+\(in 15 min\)\s+Chief notifies the City Manager \[notify-city-manager\]/);
    const log = logOf(root, '2026-0001');
    expect(log.map((e) => e.type)).toEqual(['incident.opened', 'fact.recorded', 'incident.classified']);
    expect(log[1]!.data).toEqual({ fact: 'shots_fired_by_officer', value: true });
    expect(
      log.every((e) => e.clock === 'simulated' && e.actor.role === 'city-manager' && e.actor.name === 'Jane Doe'),
    ).toBe(true);
    expect(existsSync(join(root, 'incidents', '2026-0001', 'playbook.yaml'))).toBe(true);
  });

  test('warns when unanswered questions could still make it a more severe tier', async () => {
    const root = tempWorkspace();
    const r = await ok(NOW, () =>
      open(openOptions([], { workspace: root, ...as, title: 'Video of a stop', fact: ['video_circulating=yes'] })),
    );
    expect(r.value?.tier).toBe('tier-3');
    expect(r.err).toContain('shots_fired_by_officer');
    // Tier 1 answered no, Tier 2 answered no: nothing more severe is possible, no warning.
    const settled = await ok(NOW, () =>
      open(
        openOptions([], {
          workspace: root,
          ...as,
          title: 'Video of a stop',
          fact: [
            'video_circulating=yes',
            'shots_fired_by_officer=no',
            'death_in_custody=no',
            'force_used=no',
            'pursuit_or_collision=no',
            'officer_seriously_injured=no',
            'escape_from_custody=no',
          ],
        }),
      ),
    );
    expect(settled.value?.tier).toBe('tier-3');
    expect(settled.err).toBe('');
  });

  test('--tier sets it by hand, with the reason recorded', async () => {
    const root = tempWorkspace();
    const r = await ok(NOW, () =>
      open(
        openOptions([], {
          workspace: root,
          ...as,
          title: 'Exercise',
          tier: 'tier-2',
          reason: 'tabletop exercise',
          json: true,
        }),
      ),
    );
    expect(JSON.parse(r.out)).toEqual({
      incident: '2026-0001',
      tier: 'tier-2',
      reason: 'set manually: tabletop exercise',
      occurred_at: '2026-11-26T02:00:00-06:00',
      declared_at: '2026-11-26T02:00:00-06:00',
    });
    expect(logOf(root, '2026-0001')[1]!.data).toEqual({
      tier: 'tier-2',
      reason: 'set manually: tabletop exercise',
      method: 'manual',
    });
  });

  test.each([
    ['an unknown fact', { fact: ['shots=yes'] }, /Unknown fact "shots"/],
    ['a badly typed fact', { fact: ['shots_fired_by_officer=maybe'] }, /expects yes or no/],
    ['a fact given twice', { fact: ['force_used=yes', 'force_used=no'] }, /given twice/],
    ['an unknown tier', { tier: 'tier-9' }, /Unknown tier "tier-9"/],
    [
      '--reason without --tier',
      { reason: 'because', fact: ['shots_fired_by_officer=yes'] },
      /--reason goes with --tier/,
    ],
    ['no title', { title: undefined, fact: ['shots_fired_by_officer=yes'] }, /needs a title/],
    [
      'a time in the future',
      { occurredAt: '2026-11-26 03:00', fact: ['shots_fired_by_officer=yes'] },
      /cannot have occurred in the future/,
    ],
    [
      'a time that is not a time',
      { occurredAt: 'yesterday', fact: ['shots_fired_by_officer=yes'] },
      /not a time cic understands/,
    ],
    ['no question answered', {}, /unanswered/],
    [
      'answers that match no tier',
      {
        fact: [
          'shots_fired_by_officer=no',
          'death_in_custody=no',
          'force_used=no',
          'injury_level=none',
          'pursuit_or_collision=no',
          'officer_seriously_injured=no',
          'escape_from_custody=no',
          'bias_complaint=no',
          'partner_statement=no',
          'video_circulating=no',
          'media_inquiries=none',
          'elected_official_request=no',
          'public_safety_emergency=no',
        ],
      },
      /No tier's definition matches/,
    ],
  ])('%s is refused (exit 2) and leaves no incident folder', async (_what, flags, message) => {
    const root = tempWorkspace();
    const r = await run(NOW, () => open(openOptions([], { workspace: root, ...as, title: 'Something', ...flags })));
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toMatch(message);
    expect(incidents(root)).toEqual([]);
  });

  test('a role the playbook does not define is refused before anything is made', async () => {
    const root = tempWorkspace();
    const r = await run(NOW, () =>
      open(openOptions([], { workspace: root, as: 'janitor', title: 'x', tier: 'tier-1' })),
    );
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toContain('"janitor" is not a role');
    expect(incidents(root)).toEqual([]);
    expect(r.error).not.toBeInstanceOf(PermissionError);
  });

  test('a fact key like __proto__ is just an unknown fact', async () => {
    const root = tempWorkspace();
    const r = await run(NOW, () =>
      open(openOptions([], { workspace: root, ...as, title: 'x', fact: ['__proto__=yes'] })),
    );
    expect((r.error as Error).message).toContain('Unknown fact "__proto__"');
    expect(({} as Record<string, unknown>).yes).toBeUndefined();
  });

  test('ids count up within the year', async () => {
    const root = tempWorkspace();
    for (let i = 0; i < 2; i++)
      await ok(NOW, () => open(openOptions([], { workspace: root, ...as, title: `Incident ${i}`, tier: 'tier-3' })));
    expect(incidents(root).sort()).toEqual(['2026-0001', '2026-0002']);
  });
});

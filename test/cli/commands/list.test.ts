/**
 * `cic list` and the shared recording flow, in-process.
 */
import { describe, expect, test } from '@jest/globals';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { list } from '../../../src/cli/commands/list.js';
import { open } from '../../../src/cli/commands/open.js';
import { close, reopen } from '../../../src/cli/commands/checklist.js';
import { applyCommand, recordCommand } from '../../../src/cli/commands/apply-command.js';
import { InputError } from '../../../src/core/errors.js';
import { at, logOf, ok, run, tempWorkspace } from './workspace.js';
import {
  closeOptions,
  factPairs,
  incidentOption,
  listOptions,
  noteOptions,
  openOptions,
  reopenOptions,
} from '../../../src/cli/options.js';
import { parseIncidentId } from '../../../src/core/ids.js';

const NOW = '2026-11-26T08:00:00.000Z';

describe('cic list', () => {
  test('id, status, tier, age, overdue and title; --json', async () => {
    const root = tempWorkspace();
    const who = { workspace: root, as: 'city-manager' };
    await ok(NOW, () =>
      open(openOptions([], { ...who, title: 'Shooting', tier: 'tier-1', reason: 'x', occurredAt: '2026-11-26 01:30' })),
    );
    await ok(at(NOW, 1), () => open(openOptions([], { ...who, title: 'Video', tier: 'tier-3', reason: 'x' })));
    await ok(at(NOW, 2), () => close(closeOptions(['2026-0002'], { ...who, force: true, reason: 'merged' })));
    const text = await ok(at(NOW, 90), () => list(listOptions([], { workspace: root })));
    const lines = text.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+TIER\s+AGE\s+OVERDUE\s+TITLE$/);
    expect(lines[1]).toMatch(/^2026-0001\s+open\s+Tier 1 - Critical\s+2 h\s+4\s+Shooting$/);
    expect(lines[2]).toMatch(/^2026-0002\s+closed\s+Tier 3 - Community trust\s+1 h 29 min\s+—\s+Video$/);
    const json = await ok(at(NOW, 90), () => list(listOptions([], { workspace: root, json: true })));
    const parsed = JSON.parse(json.out);
    expect(parsed.incidents[0]).toEqual({
      incident: '2026-0001',
      status: 'open',
      title: 'Shooting',
      tier: 'tier-1',
      tier_name: 'Tier 1 - Critical',
      occurred_at: '2026-11-26T01:30:00-06:00',
      declared_at: '2026-11-26T02:00:00-06:00',
      closed_at: null,
      overdue: 4,
      open_items: expect.any(Number),
    });
    expect(parsed.incidents[1]).toMatchObject({
      incident: '2026-0002',
      status: 'closed',
      closed_at: '2026-11-26T02:02:00-06:00',
    });
  });

  test('an empty workspace, and a damaged log that does not stop the listing', async () => {
    const root = tempWorkspace();
    expect((await ok(NOW, () => list(listOptions([], { workspace: root })))).out).toContain('No incidents yet');
    await ok(NOW, () =>
      open(openOptions([], { workspace: root, as: 'city-manager', title: 'Shooting', tier: 'tier-1', reason: 'x' })),
    );
    appendFileSync(join(root, 'incidents', '2026-0001', 'log.jsonl'), '{"torn":');
    const r = await ok(NOW, () => list(listOptions([], { workspace: root })));
    expect(r.out).toMatch(/2026-0001\s+damaged.*cic verify 2026-0001/);
  });
});

describe('the recording flow', () => {
  test('build runs on the state read under the lock; what it returns is appended; the state after is returned', async () => {
    const root = tempWorkspace();
    await ok(NOW, () =>
      open(openOptions([], { workspace: root, as: 'city-manager', title: 'Shooting', tier: 'tier-1', reason: 'x' })),
    );
    const r = await ok(at(NOW, 5), () =>
      recordCommand({ workspace: root, as: 'pio', name: 'PIO Okafor' }, (ctx) => {
        expect(ctx.state.last_seq).toBe(1);
        expect(ctx.state.tier).toBe('tier-1');
        expect(ctx.now.toISOString()).toBe(at(NOW, 5));
        expect(ctx.actor).toMatchObject({ role: 'pio', name: 'PIO Okafor' });
        return [{ type: 'note', data: { text: 'hello' } }];
      }),
    );
    expect(r.value!.written.map((e) => e.seq)).toEqual([2]);
    expect(r.value!.written.map((e) => e.data)).toEqual([{ text: 'hello' }]);
    expect(r.value!.state.notes).toBe(1);
    expect(r.value!.before.notes).toBe(0);
    expect(r.value!.simulated).toBe(true);
  });

  test('a build that throws writes nothing', async () => {
    const root = tempWorkspace();
    await ok(NOW, () =>
      open(openOptions([], { workspace: root, as: 'city-manager', title: 'Shooting', tier: 'tier-1', reason: 'x' })),
    );
    const r = await run(at(NOW, 5), () =>
      recordCommand({ workspace: root, as: 'pio' }, () => {
        throw new InputError('no');
      }),
    );
    expect((r.error as Error).message).toBe('no');
    expect(logOf(root, '2026-0001')).toHaveLength(2);
    // …and the lock was released: the next recording goes through.
    await ok(at(NOW, 6), () => applyCommand({ workspace: root, as: 'city-manager' }, { kind: 'note', text: 'after' }));
    expect(logOf(root, '2026-0001')).toHaveLength(3);
  });

  test('the incident: the only open one, else named; with two open, the refusal lists them', async () => {
    const root = tempWorkspace();
    const who = { workspace: root, as: 'city-manager' };
    await ok(NOW, () => open(openOptions([], { ...who, title: 'One', tier: 'tier-1', reason: 'x' })));
    await ok(NOW, () => open(openOptions([], { ...who, title: 'Two', tier: 'tier-1', reason: 'x' })));
    const r = await run(at(NOW, 5), () => applyCommand(who, { kind: 'note', text: 'x' }));
    expect((r.error as Error).message).toMatch(
      /2 incidents are open; say which one with --incident ID:\n\s+2026-0001\s+open\s+One\n\s+2026-0002\s+open\s+Two/,
    );
    await ok(at(NOW, 5), () =>
      applyCommand({ ...who, incident: parseIncidentId('2026-0002') }, { kind: 'note', text: 'x' }),
    );
    expect(logOf(root, '2026-0002')).toHaveLength(3);
    // Reopen without an id finds the one closed incident even while another is open.
    await ok(at(NOW, 6), () => close(closeOptions(['2026-0001'], { ...who, force: true, reason: 'x' })));
    const back = await ok(at(NOW, 7), () => reopen(reopenOptions([], { ...who, reason: 'again' })));
    expect(back.value!.id).toBe('2026-0001');
  });

  test('an incident id that is not one is refused before any file is touched', async () => {
    const root = tempWorkspace();
    const r = await run(NOW, async () =>
      applyCommand(noteOptions(['x'], { workspace: root, as: 'city-manager', incident: '../../etc' }), {
        kind: 'note',
        text: 'x',
      }),
    );
    expect((r.error as Error).message).toContain('is not an incident id');
    expect(r.error).toBeInstanceOf(InputError);
  });

  test('incidentOption and factPairs', () => {
    expect(incidentOption(undefined, undefined)).toBeUndefined();
    expect(incidentOption('2026-0001', undefined)).toBe('2026-0001');
    expect(incidentOption(undefined, '2026-0001')).toBe('2026-0001');
    expect(incidentOption('2026-0001', '2026-0001')).toBe('2026-0001');
    expect(() => incidentOption('2026-0001', '2026-0002')).toThrow('Two different incidents');
    expect(() => incidentOption('2026-1', undefined)).toThrow('is not an incident id');
    const pairs = factPairs(['a=1', 'b==2', 'c=']);
    expect(Object.getPrototypeOf(pairs)).toBeNull();
    expect({ ...pairs }).toEqual({ a: '1', b: '=2', c: '' });
    expect(() => factPairs(['=x'])).toThrow('is not a fact as KEY=VALUE');
    expect(() => factPairs(['constructor=1', 'constructor=2'])).toThrow('given twice');
    expect(factPairs(['constructor=1']).constructor).toBe('1');
  });
});

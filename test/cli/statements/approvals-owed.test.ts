/**
 * `cic status --role R` lists the approvals R owes (or a role R acts for owes), not only the
 * actions R owns, as the walk-through does. Through the real binary.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { StatusJson } from '../../../src/cli/views/status-view.js';
import { HOLDING_FACTS, tier1Incident, type Incident } from './helpers.js';

let inc: Incident;
beforeAll(async () => {
  inc = await tier1Incident();
});

const actions = async (minutes: number, role: string) =>
  (JSON.parse((await inc.ok(minutes, undefined, 'status', '--role', role, '--json')).stdout) as StatusJson).items.map(
    (i) => i.action,
  );

describe('status --role and the approvals a role owes', () => {
  test('before a draft the City Manager owes no approval; once drafted, the holding statement is on his list', async () => {
    expect(await actions(1, 'city-manager')).not.toContain('holding-statement');
    await inc.ok(5, 'pio', 'draft', 'holding-statement', ...HOLDING_FACTS);
    expect(await actions(6, 'city-manager')).toContain('holding-statement');
    const text = await inc.ok(6, undefined, 'status', '--role', 'city-manager');
    expect(text.stdout).toContain('awaits your approval of v1 as City Manager: cic approve holding-statement');
    // Acting for the City Manager, the assistant owes it too.
    expect(await actions(6, 'assistant-city-manager')).toContain('holding-statement');
  });

  test('once he has approved, it leaves his list (the Chief still owes hers)', async () => {
    await inc.ok(7, 'city-manager', 'approve', 'holding-statement');
    expect(await actions(8, 'city-manager')).not.toContain('holding-statement');
    expect(await actions(8, 'police-chief')).toContain('holding-statement');
    expect(await actions(8, 'deputy-chief')).toContain('holding-statement');
  });
});

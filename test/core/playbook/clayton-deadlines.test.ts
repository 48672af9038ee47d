/**
 * The bundled Clayton playbook's Sunshine Law duties, as the statutes write them. Expected times
 * by hand (America/Chicago, CST UTC-6; the plan's calendar has Thanksgiving 2026-11-26 and the day
 * after as holidays).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { FactValue, Playbook } from '../../../src/core/playbook/model.js';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import { done, ev, opened, stateOf, type Draft } from '../incident/spec.js';

const file = fileURLToPath(new URL('../../../playbooks/clayton-mo.yaml', import.meta.url));
const load = async (): Promise<Playbook> => (await loadPlaybook(file)).playbook;
// Opened Mon 2026-11-23 20:00 CST.
const OPENED = '2026-11-24T02:00:00.000Z';
const NOW = '2026-11-30T18:00:00.000Z';
const received = (n: number, at: string, from: string): Draft =>
  ev('request.received', { kind: 'records-request', request: n, received_at: at, from }, at);

function items(pb: Playbook, action: string, drafts: Draft[], facts: Record<string, FactValue> = {}) {
  const state = stateOf(opened({ at: OPENED, tier: 'tier-2', facts }), ...drafts);
  return schedule(state, pb, new Date(NOW))
    .filter((i) => i.action === action)
    .sort((a, b) => a.occurrence - b.occurrence);
}

describe('RSMo 610.023.3: each records request by the end of the third business day after its receipt', () => {
  test('two requests, two clocks; none before a request arrives', async () => {
    const pb = await load();
    expect(items(pb, 'answer-records-request', [])).toEqual([]);
    const list = items(pb, 'answer-records-request', [
      // Wed 25 Nov 09:00 CST: Thu, Fri holidays; Mon 30, Tue 1, Wed 2 Dec → 23:59:59 CST.
      received(1, '2026-11-25T15:00:00.000Z', 'KSDK-TV'),
      // Mon 30 Nov 10:00 CST: Tue 1, Wed 2, Thu 3 Dec.
      received(2, '2026-11-30T16:00:00.000Z', 'St. Louis Post-Dispatch'),
    ]);
    expect(list.map((i) => [i.occurrence, i.request?.from, i.due?.toISOString()])).toEqual([
      [1, 'KSDK-TV', '2026-12-03T05:59:59.000Z'],
      [2, 'St. Louis Post-Dispatch', '2026-12-04T05:59:59.000Z'],
    ]);
  });
});

describe('RSMo 610.020: special-meeting notice 24 hours before, weekends and holidays excluded', () => {
  const briefed = done('brief-mayor-board', '2026-11-24T03:00:00.000Z'); // Mon 23 Nov 21:00 CST
  let loaded: Playbook;
  const pb = () => loaded;
  beforeAll(async () => {
    loaded = await load();
  });

  test('a meeting soon after the briefing: the statute comes first', async () => {
    // Wed 25 Nov 18:00 CST: 18 h on Wed, 6 h back into Tue 24 → Tue 18:00 CST (before the plan's
    // own end of Tue 24, one business day after the briefing).
    const [item] = items(pb(), 'special-meeting-notice', [briefed], { special_meeting_at: '2026-11-26T00:00:00.000Z' });
    expect(item?.due?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });

  test("a meeting after Thanksgiving: the plan's day after the briefing comes first", async () => {
    // The statute: Mon 30 Nov 10:00 CST → Wed 25 Nov 10:00 CST; the plan: end of Tue 24 Nov CST.
    const [item] = items(pb(), 'special-meeting-notice', [briefed], { special_meeting_at: '2026-11-30T16:00:00.000Z' });
    expect(item?.due?.toISOString()).toBe('2026-11-25T05:59:59.000Z');
  });

  test('not briefed yet: the statute alone; no meeting called: no notice owed', async () => {
    const [item] = items(pb(), 'special-meeting-notice', [], { special_meeting_at: '2026-11-30T16:00:00.000Z' });
    expect(item?.due?.toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(items(pb(), 'special-meeting-notice', [briefed])).toEqual([]);
  });
});

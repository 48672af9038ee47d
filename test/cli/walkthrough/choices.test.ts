/**
 * The menu for an item, as data: statements are drafted and released (never "done"), approve only
 * for an approver still to decide, extend only where the playbook allows it, and choices a role
 * may not make are shown disabled with whom to ask.
 */
import { describe, expect, test } from '@jest/globals';
import { choicesFor, idleChoices } from '../../../src/cli/walkthrough/choices.js';
import { actor, playbook, tier1, tier3 } from './fixture.js';

const NOW = '2026-11-26T08:10:00Z';
const action = (id: string) => playbook.actions.find((a) => a.id === id)!;
const ids = (cs: { id: string; disabled?: string }[]) => cs.filter((c) => !c.disabled).map((c) => c.id);

function menu(log: ReturnType<typeof tier1>, id: string, role: string) {
  const item = log.items(NOW).find((i) => i.action === id)!;
  return choicesFor(item, action(id), log.state(), playbook, role);
}

const drafted = (
  log: ReturnType<typeof tier1>,
  checks: { level: 'error' | 'warning'; line: number; message: string }[] = [],
) =>
  log.add(
    'statement.drafted',
    {
      statement: 'holding-statement',
      version: 1,
      file: 'drafts/holding-statement.v1.md',
      sha256: 'b'.repeat(64),
      text: 'The words.',
      facts: {},
      checks,
      source: 'template',
    },
    '2026-11-26T08:05:00Z',
    actor('pio'),
  );

describe('choicesFor', () => {
  test('a task for its owner: done, skip, and the general choices; no extend when not extendable', () => {
    expect(ids(menu(tier1(), 'brief-mayor-board', 'city-manager'))).toEqual([
      'done',
      'skip',
      'note',
      'later',
      'status',
      'role',
      'quit',
    ]);
  });

  test('a deputy may record for the role it acts for', () => {
    expect(ids(menu(tier1(), 'brief-mayor-board', 'assistant-city-manager'))).toContain('done');
  });

  test("someone else's task: done is disabled and says whose it is; no skip", () => {
    const m = menu(tier1(), 'brief-mayor-board', 'pio');
    expect(m.find((c) => c.id === 'done')?.disabled).toMatch(/City Manager/);
    expect(m.map((c) => c.id)).not.toContain('skip');
  });

  test('an extendable item offers extend to its owner (negative control: same owner, not extendable)', () => {
    const log = tier1();
    log.add(
      'action.completed',
      { action: 'notify-next-of-kin', occurrence: 0 },
      '2026-11-26T08:09:00Z',
      actor('police-chief'),
    );
    expect(ids(menu(log, 'release-officer-names', 'pio'))).toContain('extend');
    expect(ids(menu(log, 'holding-statement', 'pio'))).not.toContain('extend');
  });

  test('a statement is drafted, never marked done', () => {
    const m = ids(menu(tier1(), 'holding-statement', 'pio'));
    expect(m).toContain('draft');
    expect(m).not.toContain('done');
    expect(m).not.toContain('approve');
  });

  test('an approver of a clean draft may read, approve or request changes; the owner may not approve', () => {
    const log = drafted(tier1());
    expect(ids(menu(log, 'holding-statement', 'city-manager'))).toEqual(
      expect.arrayContaining(['read', 'approve', 'reject', 'draft']),
    );
    expect(ids(menu(log, 'holding-statement', 'pio'))).not.toContain('approve');
  });

  test('a draft with check errors cannot be approved from the menu', () => {
    expect(
      ids(menu(drafted(tier1(), [{ level: 'error', line: 1, message: 'x' }]), 'holding-statement', 'city-manager')),
    ).not.toContain('approve');
  });

  test('release appears once every approver approved; an approver who approved is not asked again', () => {
    const log = drafted(tier1());
    log.add(
      'statement.approved',
      { statement: 'holding-statement', version: 1, sha256: 'b'.repeat(64), warnings: [] },
      '2026-11-26T08:06:00Z',
      actor('police-chief'),
    );
    expect(ids(menu(log, 'holding-statement', 'police-chief'))).not.toContain('approve');
    expect(ids(menu(log, 'holding-statement', 'pio'))).not.toContain('release');
    log.add(
      'statement.approved',
      { statement: 'holding-statement', version: 1, sha256: 'b'.repeat(64), warnings: [] },
      '2026-11-26T08:07:00Z',
      actor('city-manager'),
    );
    expect(ids(menu(log, 'holding-statement', 'pio'))).toContain('release');
    expect(menu(log, 'holding-statement', 'mayor').find((c) => c.id === 'release')?.disabled).toMatch(/approver/);
  });

  test('idle: going back to put-off items and working ahead only when there are some', () => {
    expect(idleChoices(false, false).map((c) => c.id)).toEqual(['refresh', 'note', 'status', 'role', 'quit']);
    expect(idleChoices(true, true).map((c) => c.id)).toEqual([
      'revisit',
      'refresh',
      'ahead',
      'note',
      'status',
      'role',
      'quit',
    ]);
  });
});

describe('an item that waits for another step (depends_on)', () => {
  const approvedHolding = () => {
    const log = tier3().add(
      'statement.drafted',
      {
        statement: 'community-holding-statement',
        version: 1,
        file: 'drafts/community-holding-statement.v1.md',
        sha256: 'c'.repeat(64),
        text: 'The words.',
        facts: {},
        checks: [],
        source: 'template',
      },
      '2026-11-26T08:05:00Z',
      actor('pio'),
    );
    for (const role of ['police-chief', 'city-manager'])
      log.add(
        'statement.approved',
        { statement: 'community-holding-statement', version: 1, sha256: 'c'.repeat(64), warnings: [] },
        '2026-11-26T08:06:00Z',
        actor(role),
      );
    return log;
  };
  const release = (log: ReturnType<typeof tier3>) =>
    choicesFor(
      log.items(NOW).find((i) => i.action === 'community-holding-statement')!,
      action('community-holding-statement'),
      log.state(),
      playbook,
      'pio',
    ).find((c) => c.id === 'release');

  test('an approved Tier 3 statement before the partner call: release is shown, disabled, naming the call', () => {
    expect(release(approvedHolding())).toMatchObject({
      disabled: 'waits for partner-liaison-call to be recorded first',
    });
  });

  test('negative control: once the call is recorded, release is enabled', () => {
    const log = approvedHolding().add(
      'action.completed',
      { action: 'partner-liaison-call', occurrence: 0 },
      '2026-11-26T08:07:00Z',
      actor('partner-liaison'),
    );
    expect(release(log)).toBeDefined();
    expect(release(log)?.disabled).toBeUndefined();
  });
});

/**
 * The header that is always true, and the item card: times in the playbook's zone, counts that
 * match the schedule, guidance and references shown, and data from the log escaped.
 */
import { describe, expect, test } from '@jest/globals';
import { card, wrap } from '../../../src/cli/walkthrough/card.js';
import { header } from '../../../src/cli/walkthrough/header.js';
import { actor, playbook, tier1 } from './fixture.js';

const NOW = '2026-11-26T08:10:00Z'; // 02:10 CST

describe('header', () => {
  test('now in the zone, time since occurred and declared, tier and counts', () => {
    const log = tier1();
    const h = header({
      state: log.state(),
      playbook,
      items: log.items(NOW),
      now: new Date(NOW),
      actor: { role: 'pio', name: 'Dana' },
      roles: undefined,
      simulated: true,
    });
    const text = h.lines.join('\n');
    expect(text).toContain('Thu 26 Nov 2026 02:10 CST (simulated clock)');
    expect(text).toContain('Occurred 30 min ago (01:40 CST)');
    expect(text).toContain('declared 16 min ago (01:54 CST)');
    expect(text).toContain('Tier 1 - Critical');
    expect(h.overdue).toBe(1);
    expect(h.dueSoon).toBe(3);
    expect(text).toContain('1 overdue · 3 due within the hour');
    expect(text).toContain('Acting as Police Public Information Officer (Dana)');
    expect(h.lines[3]).toBe('1 overdue · 3 due within the hour');
  });

  test('a hostile title is escaped', () => {
    const log = tier1();
    (log.events[0]!.data as { title: string }).title = 'Shooting\x1b[2J\u202eevil';
    const h = header({
      state: log.state(),
      playbook,
      items: log.items(NOW),
      now: new Date(NOW),
      actor: { role: 'pio', name: 'D' },
      roles: ['pio'],
    });
    expect(h.lines[0]).toContain('Shooting\\e[2J\\u{202e}evil');
    expect(h.lines.join('')).not.toMatch(/[\x1b\u202e]/);
    expect(h.lines[4]).toContain('showing your items');
  });
});

describe('card', () => {
  test('the holding statement: deadline with its rule, owner, approvers, channels, guidance, references', () => {
    const log = tier1();
    const item = log.items(NOW).find((i) => i.action === 'holding-statement')!;
    const action = playbook.actions.find((a) => a.id === 'holding-statement')!;
    const c = card(item, action, log.state(), playbook, new Date(NOW), { width: 80 });
    const text = c.lines.join('\n');
    expect(c.urgency).toBe('due in 44 min');
    expect(c.title).toContain('Release the holding statement');
    expect(text).toContain('02:54 CST · within 1 hour of declaration');
    expect(text).toContain('Police Public Information Officer (pio)');
    expect(text).toContain('Chief of Police (police-chief), City Manager (city-manager)');
    expect(text).toContain('not drafted yet');
    expect(text).toContain('city-website, social-media, media-email-list');
    expect(text).toContain('Be first, be right, be credible.');
    expect(text).toContain('https://emergency.cdc.gov/cerc/cerccorner/article_042617.asp');
    expect(c.lines.every((l) => l.length <= 80 || l.includes('http'))).toBe(true);
  });

  test('overdue items say so; a drafted statement shows its version and who is awaited', () => {
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
    const late = '2026-11-26T09:00:00Z';
    const item = log.items(late).find((i) => i.action === 'holding-statement')!;
    const c = card(
      item,
      playbook.actions.find((a) => a.id === 'holding-statement')!,
      log.state(),
      playbook,
      new Date(late),
      { concern: 'approver', actorRole: 'city-manager' },
    );
    expect(c.overdue).toBe(true);
    expect(c.urgency).toBe('OVERDUE 6 min');
    expect(c.lines.join('\n')).toContain('v1 (drafts/holding-statement.v1.md) · awaiting approval (0 of 2)');
    expect(c.lines.join('\n')).toContain('Your decision is needed as City Manager');
  });

  test('wrap keeps words whole and indents', () => {
    expect(wrap('one two three four', 12, '  ')).toEqual(['  one two', '  three four']);
  });

  test("a statement's sensitive facts show when they may appear, and stop showing once they may", () => {
    const log = tier1();
    const names = playbook.actions.find((a) => a.id === 'release-officer-names')!;
    const lineAt = (now: string) => {
      const item = log.items(now).find((i) => i.action === 'release-officer-names')!;
      return card(item, names, log.state(), playbook, new Date(now), { width: 100 }).lines.find((l) =>
        l.includes('Not yet'),
      );
    };
    expect(lineAt(NOW)).toContain(
      'officer_names may not appear until 48 hours after action notify-next-of-kin is done',
    );
    log.add(
      'action.completed',
      { action: 'notify-next-of-kin', occurrence: 0 },
      '2026-11-26T08:20:00Z',
      actor('police-chief'),
    );
    expect(lineAt(NOW)).toContain('officer_names may appear from Sat 28 Nov 02:20 CST');
    expect(lineAt('2026-11-28T08:21:00Z')).toBeUndefined();
  });
});

/**
 * `cic run --view`: the whole runbook as Markdown. Every applicable item with deadline, guidance,
 * references and state; grouped overdue → to do → waiting → finished; the after-closing duties
 * listed; sensitive facts withheld; nothing from data becomes markup.
 */
import { describe, expect, test } from '@jest/globals';
import { runbookMarkdown } from '../../../src/cli/views/runbook-md.js';
import { actor, playbook, tier1 } from './fixture.js';

const NOW = '2026-11-26T08:10:00Z';

function md(log: ReturnType<typeof tier1>) {
  return runbookMarkdown({ state: log.state(), playbook, items: log.items(NOW), now: new Date(NOW), simulated: true });
}

describe('runbookMarkdown', () => {
  test('header, groups in order, each item with deadline, owner, guidance and references', () => {
    const log = tier1({ incident_location: 'Forsyth Blvd and Hanley Rd' });
    log.add(
      'action.completed',
      { action: 'brief-mayor-board', occurrence: 0, note: 'Called each member' },
      '2026-11-26T08:05:00Z',
    );
    const text = md(log);
    expect(text).toMatch(/^# Runbook: incident 2026-0001, Officer-involved shooting, Forsyth and Hanley\n/);
    expect(text).toContain('- Tier: Tier 1 - Critical');
    expect(text).toContain('- As of: Thu 2026-11-26 02:10 CST (simulated clock: an exercise)');
    const order = [
      '## Overdue',
      '## To do',
      '## Waiting on another step',
      '## Done and skipped',
      '## After the incident is closed',
    ].map((h) => text.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const holding = text.slice(text.indexOf('### Release the holding statement'));
    expect(holding).toContain('- Deadline: Thu 2026-11-26 02:54 CST (within 1 hour of declaration)');
    expect(holding).toContain('- Owner: Police Public Information Officer (pio)');
    expect(holding).toContain('- Approvers: Chief of Police (police-chief), City Manager (city-manager)');
    expect(holding).toContain('Be first, be right, be credible.');
    expect(holding).toContain('<https://emergency.cdc.gov/cerc/cerccorner/article_042617.asp>');
    expect(text).toContain('`brief-mayor-board` · briefing · done Thu 2026-11-26 02:05 CST');
    expect(text).toContain('Called each member');
    expect(text).toContain('**Deliver the communications log to the City Clerk** (`log-to-clerk`)');
    // Every applicable action appears once.
    for (const id of [
      'notify-city-manager',
      'holding-statement',
      'public-update',
      'release-officer-names',
      'video-release',
      'after-action-report',
    ]) {
      expect(text.split(`\`${id}\``).length - 1).toBe(1);
    }
    expect(text).not.toContain('protective-action-message'); // Tier 4 only
  });

  test('sensitive facts are withheld from the printout; others are shown', () => {
    const text = md(tier1({ officer_names: 'Sgt. John Smith', incident_location: 'Forsyth' }));
    expect(text).not.toContain('Smith');
    expect(text).toContain('*withheld from this printout*');
    expect(text).toMatch(/Where did it happen.*: Forsyth/);
  });

  test('hostile fact values and notes do not become markup, HTML or terminal escapes', () => {
    const log = tier1({
      incident_location: '<script>alert(1)</script> [x](javascript:alert(1)) **bold** \x1b[31m\u202e',
    });
    log.add(
      'action.completed',
      { action: 'brief-mayor-board', occurrence: 0, note: '# heading\n| a | b |' },
      '2026-11-26T08:05:00Z',
      actor('city-manager'),
    );
    const text = md(log);
    expect(text).not.toMatch(/(?<!\\)<script>/);
    expect(text).toContain('\\<script>');
    expect(text).toContain('\\[x\\](javascript:alert(1))');
    expect(text).toContain('\\*\\*bold\\*\\*');
    expect(text).not.toMatch(/[\x1b\u202e]/);
    expect(text).not.toMatch(/^# heading/m);
  });
});

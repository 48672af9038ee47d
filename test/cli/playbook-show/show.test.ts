/**
 * `cic playbook show` through the real binary, on both bundled playbooks.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCic } from '../../helpers/run-cic.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const CLAYTON = join(root, 'playbooks/clayton-mo.yaml');
const GENERIC = join(root, 'playbooks/generic.yaml');

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cic-show-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Positions of each text in `out`, failing clearly when one is absent. */
function positions(out: string, texts: string[]): number[] {
  return texts.map((t) => {
    const i = out.indexOf(t);
    if (i < 0) throw new Error(`"${t}" is not in the output`);
    return i;
  });
}

interface JsonView {
  file: string;
  sha256: string;
  playbook: { id: string; version: string; title: string; time_zone: string };
  roles: { id: string; title: string; acts_for: string[] }[];
  sensitive_facts: { id: string; words: string }[];
  tiers: {
    id: string;
    name: string;
    definition: string;
    when: string | null;
    actions: {
      id: string;
      owner: string;
      approvers: string[];
      notify: string[];
      condition: string | null;
      deadline: { words: string; after: unknown; within?: string; business_days?: number };
      extendable: { max: string; words: string } | null;
      repeat: { every: string; until: string; words: string } | null;
      per_request: string | null;
      references: { citation: string }[];
    }[];
  }[];
}

describe('cic playbook show, the bundled Clayton plan', () => {
  test('without a file and outside a workspace it shows the bundled plan', async () => {
    const r = await runCic(['playbook', 'show'], { cwd: scratch, env: { CIC_WORKSPACE: undefined } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Critical Incident Communications Plan (model)');
    expect(r.stdout).toContain('City of Clayton, Missouri');
    expect(r.stdout).toContain('time zone America/Chicago');
    expect(r.stdout).toContain('Business days: mon–fri, except 27 holidays from 2026-01-01 to 2027-12-31');
    expect(r.stdout).toContain('Board of Aldermen');
    expect(r.stdout).toMatch(/Assistant Chief of Police\s+deputy-chief — acts for Chief of Police/);
    expect(r.stdout).toContain(
      'officer_names: not before 48 hours after “Notify next of kin and the involved officers” is done',
    );
    // Every tier, most severe first.
    const tiers = positions(r.stdout, [
      'Tier 1 - Critical',
      'Tier 2 - Serious',
      'Tier 3 - Community trust',
      'Tier 4 - Public-safety emergency',
    ]);
    expect([...tiers].sort((a, b) => a - b)).toEqual(tiers);
  });

  test('deadlines read in words', async () => {
    const r = await runCic(['playbook', 'show', CLAYTON]);
    expect(r.code).toBe(0);
    const flat = r.stdout.replace(/\s+/g, ' ');
    for (const words of [
      'due within 15 minutes of declaration',
      'due within 1 hour of declaration',
      'due 45 days after the incident, extendable by 30 days with a reason',
      'due within 3 business days of the request being received',
      'due 4 hours after “Release the holding statement” is done, then every 4 hours after that until closed',
      'due within 30 business days of closing',
      'due 72 hours after “Notify next of kin and the involved officers” is done, extendable by 14 days with a reason',
      'due 30 days after the incident',
      'due within 24 hours of the tier being set',
    ]) {
      expect(flat).toContain(words);
    }
    expect(flat).toContain(
      'owner: Police Public Information Officer · approves: Chief of Police, City Manager · notify: Mayor, Board of Aldermen',
    );
    expect(flat).toContain('source: RSMo 610.023.3');
    expect(flat).toContain('only if special_meeting_at is recorded');
    expect(flat).toContain('owed for each records-request received (cic request add records-request)');
  });

  test("a tier's actions are in time order", async () => {
    const r = await runCic(['playbook', 'show', CLAYTON, '--tier', 'tier-1']);
    expect(r.code).toBe(0);
    const order = positions(r.stdout, [
      'Chief notifies the City Manager',
      'Release the holding statement',
      'Agree release responsibilities with the investigating agency',
      'Hold a press briefing',
      'Release the names of the involved officers',
      'Publish the investigation timeline update',
      'Release the critical-incident video',
      'Deliver the communications log to the City Clerk',
      'After-action report to the Mayor and Board',
    ]);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('--tier shows only that tier and its actions', async () => {
    const r = await runCic(['playbook', 'show', CLAYTON, '--tier', 'tier-3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Tier 3 - Community trust');
    expect(r.stdout).not.toContain('Tier 1 - Critical');
    expect(r.stdout).toContain('Call the partner institution before anything is published');
    expect(r.stdout).toContain('Release the community-trust statement');
    expect(r.stdout).not.toContain('Release the critical-incident video');
    expect(r.stdout).not.toContain('Roles');
  });

  test('an action conditioned on a tier shows for other tiers with the fact condition left', async () => {
    const r = await runCic(['playbook', 'show', CLAYTON, '--tier', 'tier-1']);
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('Call the partner institution before anything is published');
    expect(flat).toContain('only if partner_institution is recorded');
  });

  test('an unknown --tier exits 2 and names the valid tiers', async () => {
    const r = await runCic(['playbook', 'show', CLAYTON, '--tier', 'tier-9']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Unknown tier "tier-9"');
    expect(r.stderr).toContain('tier-1, tier-2, tier-3, tier-4');
  });

  test('--json gives the stable structure', async () => {
    const r = await runCic(['playbook', 'show', CLAYTON, '--json']);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as JsonView;
    expect(view.playbook).toMatchObject({ id: 'clayton-mo', version: '2026.1', time_zone: 'America/Chicago' });
    expect(view.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(view.tiers.map((t) => t.id)).toEqual(['tier-1', 'tier-2', 'tier-3', 'tier-4']);
    expect(view.roles.find((x) => x.id === 'board')?.title).toBe('Board of Aldermen');
    const tier1 = view.tiers[0]!;
    expect(tier1.when).toContain('shots_fired_by_officer is yes');
    const byId = new Map(tier1.actions.map((a) => [a.id, a]));
    expect(byId.get('notify-city-manager')?.deadline).toEqual({
      words: 'within 15 minutes of declaration',
      after: 'declared',
      within: 'PT15M',
    });
    expect(byId.get('video-release')?.extendable).toEqual({
      max: 'P30D',
      words: 'extendable by 30 days with a reason',
    });
    expect(byId.get('public-update')?.repeat).toEqual({
      every: 'PT4H',
      until: 'closed',
      words: 'every 4 hours after that until closed',
    });
    expect(byId.get('public-update')?.deadline.after).toEqual({ action: 'holding-statement' });
    expect(byId.get('answer-records-request')?.deadline).toMatchObject({ after: 'received', business_days: 3 });
    expect(byId.get('answer-records-request')?.per_request).toBe('records-request');
    expect(byId.get('holding-statement')).toMatchObject({ owner: 'pio', approvers: ['police-chief', 'city-manager'] });
    expect(byId.has('community-trust-statement')).toBe(false);
    // Every action in the bundled plan cites a source.
    for (const tier of view.tiers) for (const a of tier.actions) expect(a.references.length).toBeGreaterThan(0);
  });

  test('--json with --tier has that one tier', async () => {
    const r = await runCic(['playbook', 'show', CLAYTON, '--json', '--tier', 'tier-4']);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as JsonView;
    expect(view.tiers.map((t) => t.id)).toEqual(['tier-4']);
    expect(view.tiers[0]!.actions.map((a) => a.id)).toContain('activate-jic');
  });
});

describe('cic playbook show, the generic plan and workspaces', () => {
  test('the generic playbook shows its two tiers', async () => {
    const r = await runCic(['playbook', 'show', GENERIC]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('City Council');
    expect(r.stdout).toContain('Tier 1 - Critical');
    expect(r.stdout).toContain('Tier 2 - Community concern');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'due 45 days after the incident, extendable by 30 days with a reason',
    );
  });

  test('--json --tier on the generic playbook', async () => {
    const r = await runCic(['playbook', 'show', GENERIC, '--json', '--tier', 'tier-2']);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as JsonView;
    expect(view.playbook.id).toBe('generic');
    expect(view.tiers[0]!.actions.map((a) => a.id)).toEqual([
      'notify-city-manager',
      'brief-council',
      'holding-statement',
      'after-action-report',
    ]);
  });

  test("inside a workspace, without a file, it shows the workspace's playbook", async () => {
    const ws = join(scratch, 'ws');
    mkdirSync(join(ws, 'deep', 'er'), { recursive: true });
    copyFileSync(GENERIC, join(ws, 'city.yaml'));
    writeFileSync(join(ws, 'cic.yaml'), 'playbook: city.yaml\n');
    const r = await runCic(['playbook', 'show', '--json'], {
      cwd: join(ws, 'deep', 'er'),
      env: { CIC_WORKSPACE: undefined },
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonView).playbook.id).toBe('generic');
  });

  test('text from the playbook is shown with control characters escaped', async () => {
    const text = readFileSync(GENERIC, 'utf8').replace(
      'definition: An officer-involved shooting, or a death or serious injury in custody or from police force.',
      'definition: "Approved: NO\\rApproved: YES \\u202Eevil\\u202C"',
    );
    expect(text).toContain('\\u202E');
    const file = join(scratch, 'sneaky.yaml');
    writeFileSync(file, text);
    const r = await runCic(['playbook', 'show', file, '--tier', 'tier-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Approved: NO\\rApproved: YES \\u{202e}evil\\u{202c}');
    expect(r.stdout).not.toMatch(/[\r\u202e\u202c]/);
  });

  test('a --workspace that is not one exits 2', async () => {
    const r = await runCic(['playbook', 'show', '--workspace', scratch], { cwd: scratch });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a cic workspace');
  });

  test('a missing file exits 2', async () => {
    const r = await runCic(['playbook', 'show', join(scratch, 'nope.yaml')]);
    expect(r.code).toBe(2);
  });
});

/**
 * End to end through the real binary: a Tier 3 (community trust) incident on the bundled Clayton
 * playbook, the 2018 kind - a bias complaint and a video circulating, no force, no injury. Its
 * checklist is its own (no Tier 1 holding statement, no casualty words), its statements wait for
 * the partner-institution call (a release before it is refused, exit 2, naming the call), the
 * department's video is owed unless it is recorded that there is none, and the report speaks of a
 * press briefing only where the tier's plan has one.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusJson } from '../../src/cli/views/status-view.js';
import { clockedCity, type ClockedCity } from '../helpers/clocked-city.js';

let city: ClockedCity;
let ws: string;

/** cic in the city's workspace `minutes` after 02:00 CST on the simulated clock (`ok`: exit 0 or the test fails). */
const cic = (minutes: number, ...args: string[]) => city.cic(minutes, ...args);
const ok = (minutes: number, ...args: string[]) => city.ok(minutes, ...args);

const types = (id: string) =>
  readFileSync(join(ws, 'incidents', id, 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { type: string }).type);

/** The Markdown after-action report, written to a fresh folder. */
async function reportMd(minutes: number, id: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'cic-tier3-report-'));
  await ok(minutes, 'report', id, '--format', 'md', '--out', out);
  return readFileSync(join(out, `report-${id}.md`), 'utf8');
}

const actions = async (minutes: number, id: string) =>
  (JSON.parse((await ok(minutes, 'status', id, '--all', '--json')).stdout) as StatusJson).items.map((i) => i.action);

beforeAll(async () => {
  city = await clockedCity('cic-tier3-', '2026-11-26T08:00:00.000Z', { CIC_NAME: 'Pat Lee' });
  ws = city.ws;
});

describe('a Tier 3 incident: ten students stopped, a bias complaint, a video circulating', () => {
  test('its own checklist, nothing published before the partner call, the video owed unless there is none, the press availability in the report', async () => {
    const opened = await ok(
      0,
      'open',
      '--title',
      'Stop of ten students at a restaurant',
      '--fact',
      'bias_complaint=yes',
      '--fact',
      'video_circulating=yes',
      '--as',
      'city-manager',
    );
    expect(opened.stdout).toContain('Tier: Tier 3 - Community trust (tier-3)');

    // The checklist a City Manager reads: the partner call first, the people stopped, the
    // acknowledgement; none of Tier 1's duties.
    const status = (await ok(5, 'status')).stdout;
    expect(status).toMatch(/04:00\s+in 1 h 55 min\s+Call the partner institution before anything/);
    expect(status).toContain('Partner-Institution Liaison · partner-liaison-call');
    for (const title of [
      'Contact the people stopped and offer to meet them',
      'Release the holding statement acknowledging the concern',
      'Release the community-trust statement',
      'Public update on the review',
      'Hold a press availability on the concern and the review',
      "Release the department's video of the encounter",
    ])
      expect(status).toContain(title);
    expect(status).toMatch(/06:00\s+waiting, in 3 h 55 min\s+Release the holding statement acknowledging the concern/);
    expect(status).toMatch(/waiting on “Call the partner institution before\s+anything is published”/);
    const listed = await actions(5, '2026-0001');
    for (const tier1 of ['holding-statement', 'public-update', 'press-briefing', 'video-release', 'notify-next-of-kin'])
      expect(listed).not.toContain(tier1);

    // The first message acknowledges the concern; nobody was hurt, so no casualty words.
    await ok(
      10,
      'fact',
      'set',
      '--as',
      'pio',
      'concern_summary=a complaint that officers stopped ten university students because of their race',
      'incident_summary=At about 1:15 a.m. officers stopped ten students leaving a restaurant on Forsyth Boulevard. No one was arrested, no force was used and no one was hurt.',
      'review_process=an outside investigator appointed by the City Manager will interview everyone involved',
      'next_update_at=2026-11-27 09:00',
      'info_url=https://www.claytonmo.gov/news',
    );
    await ok(15, 'draft', 'community-holding-statement', '--as', 'pio');
    const draft = readFileSync(
      join(ws, 'incidents', '2026-0001', 'drafts', 'community-holding-statement.v1.md'),
      'utf8',
    );
    expect(draft).toContain('concerned about a complaint that officers stopped ten university students');
    expect(draft).toContain('Who is reviewing it: an outside investigator');
    expect(draft).toContain('Our next update will be at');
    expect(draft).not.toMatch(/thoughts are with|families|condolences|injured/i);

    await ok(20, 'approve', 'community-holding-statement', '--as', 'police-chief', '--name', 'Chief Ray');
    const approved = await ok(
      21,
      'approve',
      'community-holding-statement',
      '--as',
      'city-manager',
      '--name',
      'Jane Doe',
    );
    expect(approved.stdout).toContain(
      'it can be released once partner-liaison-call is recorded by Partner-Institution Liaison (cic done partner-liaison-call --as partner-liaison)',
    );
    expect(approved.stdout).not.toContain('ready to release');

    // Released before the partner call: refused, nothing written, the call and who records it named.
    const before = types('2026-0001').length;
    const refused = await cic(25, 'release', 'community-holding-statement', '--as', 'pio', '--channel', 'city-website');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '"community-holding-statement" cannot be released yet: the playbook puts it after "Call the partner institution before anything is published" ("partner-liaison-call"), not yet recorded. Nothing was recorded.',
    );
    expect(refused.stderr).toContain('cic done partner-liaison-call --as partner-liaison');
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(types('2026-0001')).toHaveLength(before);

    // The call, then the release.
    await ok(
      30,
      'done',
      'partner-liaison-call',
      '--as',
      'partner-liaison',
      '--note',
      'Partner public affairs; theirs at 09:00',
    );
    const released = await ok(35, 'release', 'community-holding-statement', '--as', 'pio', '--channel', 'city-website');
    expect(released.stdout).toContain('Released v1 of community-holding-statement');
    expect(types('2026-0001').filter((t) => t === 'statement.released')).toHaveLength(1);

    // The press availability is in Tier 3's plan: until it is held the report says so.
    expect(await reportMd(40, '2026-0001')).toContain('- Press briefing: not reached');

    // No police video: the release is no longer owed.
    expect(await actions(45, '2026-0001')).toContain('community-video-release');
    await ok(45, 'fact', 'set', '--as', 'police-chief', 'police_video_exists=no');
    expect(await actions(46, '2026-0001')).not.toContain('community-video-release');

    // The people stopped contacted; the availability held; the report names it.
    await ok(60, 'done', 'contact-people-stopped', '--as', 'police-chief', '--note', 'All ten called; meeting offered');
    await ok(120, 'approve', 'press-availability', '--as', 'city-manager');
    await ok(600, 'done', 'press-availability', '--as', 'police-chief', '--note', 'City Hall; questions taken');
    const report = await reportMd(610, '2026-0001');
    expect(report).toMatch(/- Press briefing: 10 h 00 min after declaration \(2026-11-26 12:00, press-availability\)/);
  });

  test('a tier whose plan has no press conference: the report has no "Press briefing" line at all', async () => {
    await ok(
      0,
      'open',
      '--title',
      'Escape from custody',
      '--tier',
      'tier-2',
      '--reason',
      'escape',
      '--as',
      'city-manager',
    );
    expect(await actions(1, '2026-0002')).not.toContain('press-briefing');
    const report = await reportMd(5, '2026-0002');
    expect(report).toContain('- First public statement: not reached');
    expect(report).not.toContain('Press briefing');
  });
});

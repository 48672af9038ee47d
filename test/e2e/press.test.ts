/**
 * End to end through the real binary on the bundled Clayton playbook: a Tier 1 incident's press
 * briefing scheduled and moved once with a reason, its run of show with one step late, the run
 * sheet, two commitments (one kept, one broken), the Board's packet (no sensitive fact before its
 * release time) and acknowledgements, and the after-action report showing the run of show and
 * the commitments.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { clockedCity, type ClockedCity } from '../helpers/clocked-city.js';

let city: ClockedCity;
let ws: string;

/** cic in the city's workspace `minutes` after 02:00 CST on the simulated clock (`ok`: exit 0 or the test fails). */
const cic = (minutes: number, ...args: string[]) => city.cic(minutes, ...args);
const ok = (minutes: number, ...args: string[]) => city.ok(minutes, ...args);

const H = 60;

beforeAll(async () => {
  city = await clockedCity('cic-press-', '2026-11-26T08:00:00.000Z');
  ws = city.ws;
});

describe('a press briefing and what was promised there', () => {
  test('schedule, move, run of show, sheet, commitments, Board packet, report', async () => {
    await ok(
      0,
      'open',
      '--title',
      'Officer-involved shooting',
      '--fact',
      'shots_fired_by_officer=yes',
      '--occurred-at',
      '2026-11-26 01:40',
      '--as',
      'city-manager',
    );
    await ok(
      5,
      'fact',
      'set',
      'incident_summary=An officer shot a man during a traffic stop.',
      'incident_location=Forsyth and Hanley',
      'investigating_agency=St. Louis County Police Department',
      'next_update_at=2026-11-26 18:00',
      'info_url=https://claytonmo.gov/incident',
      'officer_names=Officer Avery Quill',
      '--as',
      'pio',
    );

    // 02:30 the PIO schedules it for 10:00; at 03:00 the City Manager moves it to 11:00 with a reason.
    const first = await ok(
      30,
      'schedule',
      'press-briefing',
      '--at',
      '2026-11-26 10:00',
      '--place',
      'City Hall',
      '--as',
      'pio',
    );
    expect(first.stdout).toContain('T−2:00  2026-11-26 08:00 CST  Release the media advisory');
    const noReason = await cic(60, 'schedule', 'press-briefing', '--at', '2026-11-26 11:00', '--as', 'city-manager');
    expect(noReason.code).toBe(2);
    const moved = await ok(
      60,
      'schedule',
      'press-briefing',
      '--at',
      '2026-11-26 11:00',
      '--as',
      'city-manager',
      '--reason',
      'The County investigators join',
    );
    expect(moved.stdout).toContain(
      'Moved press-briefing from 2026-11-26 10:00 CST to 2026-11-26 11:00 CST: The County investigators join',
    );
    expect(moved.stdout).toMatch(/T−2:00 +2026-11-26 09:00 CST +Release the media advisory.*was 2026-11-26 08:00 CST/);

    // The run of show: the media advisory (due 09:00) goes out at 09:05, five minutes late.
    await ok(7 * H - 30, 'draft', 'media-advisory', '--as', 'pio');
    await ok(7 * H - 25, 'approve', 'media-advisory', '--as', 'police-chief');
    await ok(7 * H + 5, 'release', 'media-advisory', '--channel', 'media-email-list', '--as', 'pio');
    await ok(7 * H + 20, 'done', 'talking-points-draft', '--as', 'pio');
    await ok(7 * H + 50, 'done', 'speakers-confirmed', '--as', 'city-manager', '--note', 'Mayor, Chief; PIO moderates');
    await ok(7 * H + 55, 'done', 'interpreter-captioning', '--as', 'pio');
    await ok(8 * H, 'draft', 'talking-points', '--as', 'pio');
    await ok(8 * H + 10, 'approve', 'talking-points', '--as', 'city-manager');
    await ok(8 * H + 15, 'approve', 'talking-points', '--as', 'police-chief');
    await ok(8 * H + 20, 'release', 'talking-points', '--channel', 'speakers', '--as', 'pio');
    await ok(8 * H + 40, 'done', 'livestream-check', '--as', 'pio');

    // The run sheet at 10:50.
    const sheet = (await ok(8 * H + 50, 'press', 'sheet', 'press-briefing')).stdout;
    expect(sheet).toContain('**Starts:** Thu 26 Nov 11:00 CST at City Hall');
    expect(sheet).toContain(
      'Moved from Thu 26 Nov 10:00 CST to Thu 26 Nov 11:00 CST by Jane Doe: The County investigators join',
    );
    expect(sheet).toContain(
      '| 09:00 | T−2:00 | Release the media advisory for the press briefing | Police Public Information Officer | late: done 09:05, 5 min after its deadline |',
    );
    expect(sheet).toContain(
      '| 10:30 | T−0:30 | Approve the talking points | Police Public Information Officer | done 10:20 |',
    );
    expect(sheet).toContain(
      '| 11:00 | T+0:00 | Hold a press briefing | Chief of Police | upcoming (deadline Fri 02:00) |',
    );
    expect(sheet).toMatch(
      /\| after \| Post the briefing's transcript and video [^|]*\| [^|]+ \| waiting \(after the briefing\) \|/,
    );
    expect(sheet).toContain('> 3\\. What we do not know yet is still being determined; we will not speculate.');
    expect(sheet).toContain('(officer\\_names) until it is cleared for release');
    expect(sheet).not.toContain('Avery Quill');
    expect(sheet).toContain('- incident\\_location: Forsyth and Hanley');
    const html = (await ok(8 * H + 50, 'press', 'sheet', 'press-briefing', '--format', 'html')).stdout;
    expect(html).toContain('<td>late: done 09:05, 5 min after its deadline</td>');
    expect(html).not.toContain('Avery Quill');

    // 11:00 the briefing; two promises at the podium.
    await ok(9 * H + 25, 'approve', 'press-briefing', '--as', 'city-manager');
    await ok(9 * H + 30, 'done', 'press-briefing', '--as', 'police-chief');
    await ok(
      9 * H + 40,
      'commitment',
      'add',
      'release the video',
      '--by',
      '2026-11-28 17:00',
      '--owner',
      'police-chief',
      '--said-by',
      'mayor',
      '--press',
      'press-briefing',
      '--as',
      'pio',
    );
    await ok(
      9 * H + 41,
      'commitment',
      'add',
      'meet the family this week',
      '--by',
      '2026-11-27 12:00',
      '--owner',
      'city-manager',
      '--said-by',
      'mayor',
      '--as',
      'pio',
    );

    // Only the City Manager (the owner of the Board's briefing) sends a packet: refused, nothing written.
    const notMine = await cic(10 * H, 'brief', 'board', '--to', 'Ald. Reyes', '--as', 'pio');
    expect(notMine.code).toBe(4);
    expect(notMine.stderr).toContain('may not send the Board of Aldermen a briefing packet');
    expect(notMine.stderr).toContain('City Manager');
    expect(notMine.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(ws, 'incidents', '2026-0001', 'briefings'))).toBe(false);

    // The Board: a packet at 12:00, acknowledged by two members.
    const packet = await ok(
      10 * H,
      'brief',
      'board',
      '--to',
      'Ald. Reyes',
      '--to',
      'Ald. Chen',
      '--as',
      'city-manager',
    );
    expect(packet.stdout).toContain(
      'Briefing packet 1 for the Board of Aldermen recorded as sent to Ald. Reyes, Ald. Chen.',
    );
    await ok(10 * H + 10, 'acknowledge', '--as', 'board', '--name', 'Ald. Reyes');
    await ok(11 * H, 'acknowledge', '1', '--as', 'board', '--name', 'Ald. Chen');
    const board = (await ok(11 * H + 5, 'status', '--role', 'board')).stdout;
    expect(board).toContain('Ald. Reyes acknowledged');
    expect(board).toContain('RSMo 610.025');
    // The talking points a member may repeat, in their approved words.
    expect(board).toMatch(/Talking points you may repeat, as released .*:/);
    expect(board).toContain('What we do not know yet is still being determined; we will not speculate.');

    // Both promises are open deadlines in the calendar (stable UIDs) and in status --json.
    const ics = (await ok(11 * H + 5, 'calendar')).stdout;
    expect(ics).toMatch(/UID:[^\r\n]*\.2026-0001\.commitment-1\.0@cic/);
    expect(ics).toMatch(/UID:[^\r\n]*\.2026-0001\.commitment-2\.0@cic/);
    expect(ics.replace(/\r\n /g, '')).toContain('Commitment made in public: “meet the family this week”');
    expect(ics.replace(/\r\n /g, '')).toContain('Record it: cic commitment kept 2 -i 2026-0001');
    const json = JSON.parse((await ok(11 * H + 5, 'status', '--json')).stdout) as {
      commitments: { number: number; text: string; due: string; owner: string; said_by: string; state: string }[];
      press: { action: string; state: string; start: string | null; place: string | null; changes: number }[];
      packets: { number: number; to: string[]; acknowledged: { name: string; at: string }[] }[];
    };
    expect(json.commitments.map((c) => [c.number, c.text, c.owner, c.said_by, c.state])).toEqual([
      [1, 'release the video', 'police-chief', 'mayor', 'upcoming'],
      [2, 'meet the family this week', 'city-manager', 'mayor', 'upcoming'],
    ]);
    expect(json.press).toEqual([
      { action: 'press-briefing', state: 'held', start: '2026-11-26T11:00:00-06:00', place: 'City Hall', changes: 2 },
    ]);
    expect(json.packets.map((p) => [p.number, p.to, p.acknowledged.map((a) => a.name)])).toEqual([
      [1, ['Ald. Reyes', 'Ald. Chen'], ['Ald. Reyes', 'Ald. Chen']],
    ]);

    // Kept the next morning; the other will not be kept.
    await ok(26 * H, 'commitment', 'kept', '2', '--as', 'city-manager');
    const icsAfter = (await ok(26 * H + 1, 'calendar')).stdout;
    expect(icsAfter).not.toContain('commitment-2.0@cic');
    expect(icsAfter).toContain('commitment-1.0@cic');
    await ok(
      30 * H,
      'commitment',
      'broken',
      '1',
      '--as',
      'mayor',
      '--reason',
      'The prosecutor asked in writing to wait',
    );
    const second = await ok(31 * H, 'brief', 'board', '--to', 'Ald. Reyes', '--as', 'city-manager');
    expect(second.stdout).toContain('Briefing packet 2');

    const dir = join(ws, 'incidents', '2026-0001', 'briefings');
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(2);
    const p1 = readFileSync(
      join(
        dir,
        files.find((f) => f.startsWith('packet-1-') && f.endsWith('.md'))!,
      ),
      'utf8',
    );
    const p2 = readFileSync(
      join(
        dir,
        files.find((f) => f.startsWith('packet-2-') && f.endsWith('.md'))!,
      ),
      'utf8',
    );
    for (const p of [p1, p2]) {
      expect(p).not.toContain('Avery Quill');
      expect(p).toContain('officer\\_names: held back');
    }
    expect(p1).toContain('## Talking points you may repeat');
    expect(p1).toContain('MEDIA ADVISORY');
    expect(p2).toContain('## What changed since packet 1');
    expect(p2).toContain('kept');
    expect(p2).toContain('broken');

    // The after-action report shows the run of show and the commitments.
    await ok(31 * H + 5, 'report', '--format', 'md,html,json');
    const reports = join(ws, 'incidents', '2026-0001', 'reports');
    const md = readFileSync(
      join(
        reports,
        readdirSync(reports).find((f) => f.endsWith('.md'))!,
      ),
      'utf8',
    );
    expect(md).toContain('## Press conferences and commitments');
    expect(md).toMatch(
      /\| T−2:00 \| Release the media advisory for the press briefing \| .* \| late \| 2026-11-26 09:05 \|/,
    );
    expect(md).toContain('Moved from 2026-11-26 10:00 to 2026-11-26 11:00: The County investigators join');
    expect(md).toMatch(/\| 1 \| release the video \| Mayor \| Chief of Police \| 2026-11-28 17:00 \| broken \|/);
    expect(md).toMatch(/\| 2 \| meet the family this week \| Mayor \| City Manager \| 2026-11-27 12:00 \| kept \|/);

    // Each packet file is checked against the SHA-256 its entry recorded: a changed one is caught.
    expect((await cic(31 * H + 6, 'verify')).code).toBe(0);
    const listed = JSON.parse((await ok(31 * H + 6, 'packets', '--json')).stdout) as {
      kept_in: string;
      packets: { packet: number; files: { file: string; state: string }[] }[];
    };
    expect(listed.kept_in).toBe(join('incidents', '2026-0001', 'briefings'));
    expect(listed.packets.map((p) => [p.packet, p.files.map((f) => f.state)])).toEqual([
      [1, ['ok', 'html']],
      [2, ['ok', 'html']],
    ]);
    const p1File = join(
      dir,
      files.find((f) => f.startsWith('packet-1-') && f.endsWith('.md'))!,
    );
    writeFileSync(p1File, p1.replace('## Talking points you may repeat', '## Talking points (amended)'));
    const caught = await cic(31 * H + 7, 'verify', '--json');
    expect(caught.code).toBe(3);
    const problems = (JSON.parse(caught.stdout) as { packet_files: { file: string; problem: string }[] }).packet_files;
    expect(problems).toMatchObject([{ file: `briefings/${basename(p1File)}`, packet: 1, problem: 'differs' }]);
    expect((await cic(31 * H + 7, 'packets')).code).toBe(3);
    writeFileSync(p1File, p1);
    expect((await cic(31 * H + 8, 'verify')).code).toBe(0);
  });
});

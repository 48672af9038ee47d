/**
 * `cic log` in-process: every event type described in words, times in the playbook's zone with
 * date lines, backfilled and simulated entries marked, the filters, and `--json` as written.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { openWorkspace, store } from '../../../src/cli/commands/incident-access.js';
import { log } from '../../../src/cli/commands/log.js';
import { open } from '../../../src/cli/commands/open.js';
import { close, done, escalate, extend, factSet, reopen, skip } from '../../../src/cli/commands/checklist.js';
import { InputError } from '../../../src/core/errors.js';
import type { IncidentEvent } from '../../../src/core/incident/events.js';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { EVENT_TYPES, renderLog } from '../../../src/cli/views/log-view.js';
import { at, logOf, ok, run, tempWorkspace } from './workspace.js';
import {
  closeOptions,
  doneOptions,
  escalateOptions,
  extendOptions,
  factSetOptions,
  logOptions,
  openOptions,
  reopenOptions,
  skipOptions,
} from '../../../src/cli/options.js';
import { parseIncidentId } from '../../../src/core/ids.js';

const NOW = '2026-11-27T05:30:00.000Z'; // 23:30 CST on Thursday 26 November
const ID = parseIncidentId('2026-0001');
let root: string;
const who = (role: string, name = 'Jane Doe') => ({ workspace: root, as: role, name });

beforeAll(async () => {
  root = tempWorkspace();
  await ok(NOW, () =>
    open(
      openOptions([], {
        ...who('city-manager'),
        title: 'Video of a stop',
        fact: ['video_circulating=yes', 'persons_injured=0'],
        occurredAt: '2026-11-26 22:00',
      }),
    ),
  );
  await ok(at(NOW, 20), () =>
    done(
      doneOptions(['notify-city-manager'], {
        ...who('police-chief', 'Chief Ruiz'),
        statedAt: '2026-11-26 23:40',
        note: 'by phone',
      }),
    ),
  );
  await ok(at(NOW, 40), () => factSet(factSetOptions(['persons_injured=1'], who('police-chief', 'Chief Ruiz'))));
  await ok(at(NOW, 45), () =>
    escalate(escalateOptions([], { ...who('city-manager'), tier: 'tier-2', reason: 'A man was hurt' })),
  );
  await ok(at(NOW, 50), () =>
    skip(skipOptions(['notify-city-attorney'], { ...who('city-manager'), reason: 'On scene' })),
  );
  await ok(at(NOW, 55), () =>
    extend(extendOptions(['investigation-timeline'], { ...who('police-chief'), by: 'P1D', reason: 'x' })).catch(
      () => undefined,
    ),
  );
  await ok(at(NOW, 60), () => close(closeOptions([], { ...who('city-manager'), force: true, reason: 'Handed over' })));
  await ok(at(NOW, 61), () => reopen(reopenOptions([], { ...who('city-manager'), reason: 'More calls' })));
  const ws = await openWorkspace({ workspace: root });
  const events: IncidentEvent[] = [
    {
      type: 'note',
      data: { text: 'Called the Mayor.\nShe will attend.' },
      stated_at: new Date(at(NOW, 58)).toISOString(),
    },
    {
      type: 'statement.drafted',
      data: {
        statement: 'holding-statement',
        version: 1,
        file: 'drafts/holding-statement.v1.md',
        sha256: 'b'.repeat(64),
        text: 'The words.',
        facts: {},
        checks: [{ level: 'warning', line: 2, message: 'm' }],
        source: 'template',
      },
    },
    {
      type: 'statement.approved',
      data: { statement: 'holding-statement', version: 1, sha256: 'b'.repeat(64), warnings: ['m'] },
    },
    {
      type: 'statement.rejected',
      data: { statement: 'holding-statement', version: 1, sha256: 'b'.repeat(64), reason: 'Too long' },
    },
    {
      type: 'statement.released',
      data: {
        statement: 'holding-statement',
        version: 1,
        sha256: 'b'.repeat(64),
        channels: ['press-release', 'social'],
        facts: {},
      },
    },
    {
      type: 'log.repaired',
      data: { offset: 1234, length: 17, sha256: 'c'.repeat(64), quarantine: 'log.jsonl.quarantine-1234-abcdef01' },
    },
  ];
  await store(ws).appendEvents(
    ID,
    { actor: { role: 'pio', name: 'PIO Okafor', user: 't@h' }, at: new Date(at(NOW, 62)), simulated: false },
    events,
  );
});

describe('cic log', () => {
  test('every event type cic writes is described in words', async () => {
    const { out } = await ok(at(NOW, 70), () => log(logOptions([], { workspace: root })));
    const lines = out.replace(/\n {20,}/g, ' ');
    for (const words of [
      'Opened the incident “Video of a stop”; it occurred 22:00 CST. Playbook clayton-mo 2026.1.',
      'Fact video_circulating = true',
      'Classified Tier 3 - Community trust by the classification questions: matched because any of: video_circulating is true',
      'Done: “Chief notifies the City Manager”. Note: “by phone”',
      'Fact persons_injured = 1 (was 0)',
      'Re-tiered from Tier 3 - Community trust to Tier 2 - Serious: “A man was hurt”',
      'Skipped “Notify the City Attorney”: “On scene”',
      'Closed the incident (forced): “Handed over”. Left open:',
      'Reopened the incident: “More calls”',
      'Note: Called the Mayor.',
      'She will attend.',
      'Drafted “Release the holding statement” v1 → drafts/holding-statement.v1.md; checks: 0 errors, 1 warning',
      'Approved “Release the holding statement” v1 (text bbbbbbbbbbbb), accepting 1 warning',
      'Rejected “Release the holding statement” v1: “Too long”',
      'Released “Release the holding statement” v1 on press-release, social',
      'Repaired the log after a crash: 17 damaged bytes at offset 1234',
    ]) {
      expect(lines).toContain(words);
    }
    expect(out).not.toContain('does not describe');
  });

  test('a date line when the day changes, 24-hour times, role and person', async () => {
    const { out } = await ok(at(NOW, 70), () => log(logOptions([], { workspace: root })));
    expect(out.indexOf('Thursday 26 Nov 2026 (America/Chicago)')).toBeLessThan(
      out.indexOf('Friday 27 Nov 2026 (America/Chicago)'),
    );
    expect(out).toMatch(/#0 {2}23:30\* +City Manager · Jane Doe/);
    expect(out).toMatch(/#5 {2}00:10\* +Chief of Police · Chief Ruiz/);
  });

  test('a backfilled entry shows when it happened and when it was recorded', async () => {
    const { out } = await ok(at(NOW, 70), () => log(logOptions([], { workspace: root })));
    expect(out).toMatch(/#4 {2}23:40 \(recorded 23:50\)\* +Chief of Police · Chief Ruiz/);
    expect(out).toMatch(/#10 {2}00:28 \(recorded 00:32\) +Police Public Information Officer · PIO Okafor/);
  });

  test('entries under the simulated clock are marked, the others not', async () => {
    const { out } = await ok(at(NOW, 70), () => log(logOptions([], { workspace: root })));
    expect(out).toMatch(/#9 {2}00:31\* /);
    expect(out).toMatch(/#12 {2}00:32 {2}/);
    expect(out).toContain('* written under a simulated clock (CIC_NOW): 10 entries.');
  });

  test('--type, --role and --since filter; facts keep their earlier values', async () => {
    const facts = await ok(at(NOW, 70), () =>
      log(logOptions([], { workspace: root, type: ['fact.recorded'], json: true })),
    );
    expect((JSON.parse(facts.out) as LogEntry[]).map((e) => e.seq)).toEqual([1, 2, 5]);
    expect(facts.value).toBe(3);
    const text = await ok(at(NOW, 70), () =>
      log(logOptions([], { workspace: root, type: ['fact.recorded'], since: '2026-11-27 00:00' })),
    );
    expect(text.out).toContain('persons_injured = 1 (was 0)');
    expect(text.out).not.toContain('video_circulating');
    const pio = await ok(at(NOW, 70), () => log(logOptions([], { workspace: root, role: 'pio', json: true })));
    const shown = JSON.parse(pio.out) as LogEntry[];
    expect(new Set(shown.map((e) => e.actor.role))).toEqual(new Set(['pio']));
    expect(shown.length).toBe(6);
    expect(pio.value).toBe(6);
  });

  test('--json is the entries exactly as written', async () => {
    const { out } = await ok(at(NOW, 70), () => log(logOptions([], { workspace: root, json: true })));
    expect(JSON.parse(out)).toEqual(logOf(root, ID));
    expect(out).toBe(`${JSON.stringify(logOf(root, ID), null, 2)}\n`);
    const none = await ok(at(NOW, 70), () =>
      log(logOptions([], { workspace: root, json: true, role: 'city-attorney' })),
    );
    expect(none.out).toBe('[]\n');
  });

  test.each([
    [{ type: ['action.done'] }, /Unknown entry type "action.done"/],
    [{ role: 'janitor' }, /"janitor" is not a role/],
    [{ since: 'Tuesday' }, /--since "Tuesday" is not a time/],
  ])('refuses %j', async (flags, message) => {
    const r = await run(at(NOW, 70), () => log(logOptions([], { workspace: root, ...flags })));
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toMatch(message);
  });
});

describe('the log view', () => {
  const playbook = { time_zone: 'America/Chicago', roles: [], actions: [], classification: { tiers: [] } } as never;
  const entry = (type: string, data: unknown): LogEntry =>
    ({
      v: 1,
      incident: ID,
      seq: 0,
      at: '2026-11-27T05:30:00.000Z',
      actor: { role: 'x', name: 'N\u202eame', user: 'u' },
      type,
      data,
      prev: '',
      hash: '',
    }) as LogEntry;

  test('an entry type this version does not know is shown by its name', () => {
    expect(renderLog({ entries: [entry('incident.merged', {})], playbook })).toContain(
      'incident.merged (an entry type this version of cic does not describe)',
    );
  });

  test('names and text from the log are escaped', () => {
    const out = renderLog({ entries: [entry('note', { text: 'a\x1b[31mred' })], playbook });
    expect(out).toContain('N\\u{202e}ame');
    expect(out).toContain('a\\e[31mred');
    expect(out).not.toContain('\x1b[31m');
  });

  test('EVENT_TYPES lists every type the describers know', () => {
    expect(EVENT_TYPES).toEqual(
      expect.arrayContaining(['incident.opened', 'action.completed', 'statement.released', 'log.repaired']),
    );
    expect(EVENT_TYPES).toHaveLength(25);
  });
});

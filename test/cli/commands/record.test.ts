/**
 * The recording commands in-process on a temporary workspace with the bundled Clayton playbook:
 * what each writes, what it prints, and its refusals. The incident is Tier 1, declared at 02:00 CST
 * on Thanksgiving 2026 (occurred 01:40).
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { open } from '../../../src/cli/commands/open.js';
import { approve } from '../../../src/cli/commands/statements.js';
import { close, done, escalate, extend, factSet, reopen, skip } from '../../../src/cli/commands/checklist.js';
import { InputError, PermissionError } from '../../../src/core/errors.js';
import { at, logOf, ok, run, tempWorkspace } from './workspace.js';
import {
  approveOptions,
  closeOptions,
  doneOptions,
  escalateOptions,
  extendOptions,
  factSetOptions,
  openOptions,
  reopenOptions,
  requestAddOptions,
  skipOptions,
} from '../../../src/cli/options.js';
import { requestAdd } from '../../../src/cli/commands/request.js';
import { parseIncidentId } from '../../../src/core/ids.js';

const NOW = '2026-11-26T08:00:00.000Z';
const ID = parseIncidentId('2026-0001');
/** Entries an opening with --tier writes: incident.opened and incident.classified. */
const OPENING = 2;
let root: string;
const who = (role: string, name = 'Jane Doe') => ({ workspace: root, as: role, name });
const types = () => logOf(root, ID).map((e) => e.type);

async function openTier(tier: string) {
  root = tempWorkspace();
  await ok(NOW, () =>
    open(
      openOptions([], {
        ...who('city-manager'),
        title: 'Shooting at Forsyth and Hanley',
        tier,
        reason: 'test',
        occurredAt: '2026-11-26 01:40',
      }),
    ),
  );
}

describe('done', () => {
  beforeEach(() => openTier('tier-1'));

  test('on time: says when, by whom, and that it met its deadline', async () => {
    const r = await ok(at(NOW, 10), () =>
      done(doneOptions(['notify-city-manager'], who('police-chief', 'Chief Ruiz'))),
    );
    expect(r.out).toBe(
      'Recorded: “Chief notifies the City Manager” (notify-city-manager) done at 02:10 CST by Chief Ruiz (Chief of Police) — on time (due 02:15 CST)\n',
    );
    expect(r.value!.written.map((e) => [e.type, e.data])).toEqual([
      ['action.completed', { action: 'notify-city-manager', occurrence: 0 }],
    ]);
    expect(r.value!.state.actions['notify-city-manager']?.[0]?.completed?.by.name).toBe('Chief Ruiz');
  });

  test('late: by how much', async () => {
    const r = await ok(at(NOW, 27), () => done(doneOptions(['notify-city-manager'], who('police-chief'))));
    expect(r.out).toContain('— 12 min late (was due 02:15 CST)');
  });

  test('backfilled with --stated-at: both times, and on time by the stated one', async () => {
    const r = await ok(at(NOW, 40), () =>
      done(
        doneOptions(['notify-city-manager'], {
          ...who('police-chief'),
          statedAt: '2026-11-26 02:14',
          note: 'by phone',
        }),
      ),
    );
    expect(r.out).toContain('done at 02:14 CST (recorded 02:40 CST)');
    expect(r.out).toContain('on time (due 02:15 CST). Note: “by phone”');
    const entry = logOf(root, ID).at(-1)!;
    expect(entry.stated_at).toBe('2026-11-26T08:14:00.000Z');
    expect(entry.data).toEqual({ action: 'notify-city-manager', occurrence: 0, note: 'by phone' });
  });

  test('--stated-at "02:14" (the README\'s form) is the most recent 02:14 here, and says which date it took', async () => {
    const r = await ok(at(NOW, 40), () =>
      done(doneOptions(['notify-city-manager'], { ...who('police-chief'), statedAt: '02:14' })),
    );
    expect(r.out).toContain('--stated-at 02:14 taken as Thu 2026-11-26 02:14 CST, the most recent such time.');
    expect(r.out).toContain('done at 02:14 CST (recorded 02:40 CST)');
    expect(logOf(root, ID).at(-1)!.stated_at).toBe('2026-11-26T08:14:00.000Z');
  });

  test('--stated-at "23:50" at 02:40 is yesterday evening, before the incident opened: refused', async () => {
    const r = await run(at(NOW, 40), () =>
      done(doneOptions(['notify-city-manager'], { ...who('police-chief'), statedAt: '23:50' })),
    );
    expect(r.error).toBeInstanceOf(InputError);
    expect(types()).toHaveLength(OPENING);
  });

  test('a role that acts for the owner may record it', async () => {
    const r = await ok(at(NOW, 5), () => done(doneOptions(['notify-city-manager'], who('deputy-chief'))));
    expect(r.out).toContain('(Assistant Chief of Police)');
  });

  test('any other role is refused (exit 4), naming who may; nothing is written', async () => {
    const r = await run(at(NOW, 5), () => done(doneOptions(['notify-city-manager'], who('pio'))));
    expect(r.error).toBeInstanceOf(PermissionError);
    expect((r.error as Error).message).toContain('belongs to Chief of Police (police-chief)');
    expect((r.error as PermissionError).hint).toContain('Assistant Chief of Police (deputy-chief)');
    expect(types()).toHaveLength(OPENING);
  });

  test('an unknown action is refused (exit 2)', async () => {
    const r = await run(at(NOW, 5), () => done(doneOptions(['notify-the-press'], who('city-manager'))));
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toContain('Unknown action "notify-the-press"');
  });

  test('a statement is released, not marked done', async () => {
    const r = await run(at(NOW, 5), () => done(doneOptions(['holding-statement'], who('pio'))));
    expect((r.error as Error).message).toContain('completed by releasing it');
  });

  test('--occurrence must be a number', async () => {
    const r = await run(at(NOW, 5), () =>
      done(doneOptions(['notify-city-manager'], { ...who('police-chief'), occurrence: 'first' })),
    );
    expect((r.error as Error).message).toContain('--occurrence "first" is not an occurrence number');
  });

  test('a recurring action: each occurrence in turn, and when the next is due', async () => {
    // The public updates run every 4 hours from the holding statement; skipping it starts them.
    await ok(at(NOW, 30), () =>
      skip(skipOptions(['holding-statement'], { ...who('pio'), reason: 'County issued the first statement' })),
    );
    const first = await ok(at(NOW, 60), () =>
      skip(skipOptions(['public-update'], { ...who('pio'), reason: 'County is giving the updates' })),
    );
    expect(first.out).toContain('“Public update #0” (public-update) skipped at 03:00 CST');
    expect(first.out).toContain('Next: “Public update #1” (public-update) due 10:30 CST (in 7 h 30 min).');
    const second = await ok(at(NOW, 61), () => skip(skipOptions(['public-update'], { ...who('pio'), reason: 'same' })));
    expect(second.value!.written[0]!.data).toMatchObject({ action: 'public-update', occurrence: 1 });
    const third = await run(at(NOW, 62), () =>
      skip(skipOptions(['public-update'], { ...who('pio'), reason: 'same', occurrence: '7' })),
    );
    expect((third.error as Error).message).toContain('has no occurrence 7');
  });

  test('two recordings at once are decided one after the other, under the lock', async () => {
    const [a, b] = await Promise.all([
      run(at(NOW, 5), () => done(doneOptions(['brief-mayor-board'], who('city-manager')))),
      run(at(NOW, 5), () => done(doneOptions(['brief-mayor-board'], who('assistant-city-manager')))),
    ]);
    const errors = [a.error, b.error].filter(Boolean);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toContain('is already done');
    const log = logOf(root, ID);
    expect(log.map((e) => e.seq)).toEqual([0, 1, 2]);
  });
});

describe('skip and extend', () => {
  beforeEach(() => openTier('tier-1'));

  test('skip records the reason', async () => {
    const r = await ok(at(NOW, 5), () =>
      skip(skipOptions(['notify-city-attorney'], { ...who('city-manager'), reason: 'The City Attorney is on scene' })),
    );
    expect(r.out).toBe(
      'Recorded: “Notify the City Attorney” (notify-city-attorney) skipped at 02:05 CST by Jane Doe (City Manager): “The City Attorney is on scene”\n',
    );
  });

  test('skip without a reason is refused', async () => {
    const r = await run(at(NOW, 5), () =>
      skip(skipOptions(['notify-city-attorney'], { ...who('city-manager'), reason: '  ' })),
    );
    expect((r.error as Error).message).toContain('A reason is required');
  });

  test('extend --by: the new deadline and what the playbook still allows', async () => {
    const r = await ok(at(NOW, 5), () =>
      extend(extendOptions(['video-release'], { ...who('pio'), by: 'P10D', reason: 'Prosecutor asked for time' })),
    );
    expect(r.out).toContain(
      'deadline of “Release the critical-incident video” (video-release) moved from 2027-01-10 01:40 CST to 2027-01-20 01:40 CST',
    );
    expect(r.out).toContain(
      'The playbook allows 30 days in all beyond the original deadline 2027-01-10 01:40 CST: no later than 2027-02-09 01:40 CST.',
    );
  });

  test('extend --to a local time', async () => {
    const r = await ok(at(NOW, 5), () =>
      extend(extendOptions(['video-release'], { ...who('pio'), to: '2027-01-15 17:00', reason: 'x' })),
    );
    expect(logOf(root, ID).at(-1)!.data).toMatchObject({
      due: '2027-01-15T23:00:00.000Z',
      from: '2027-01-10T07:40:00.000Z',
    });
    expect(r.out).toContain('to 2027-01-15 17:00 CST');
  });

  test.each([
    ['beyond the maximum', { by: 'P31D' }, /allows at most 30 days/],
    ['both --by and --to', { by: 'P1D', to: '2027-01-15 17:00' }, /exactly one of --by/],
    ['neither --by nor --to', {}, /exactly one of --by/],
    ['a duration that is not one', { by: '10 days' }, /not an ISO 8601 duration/],
  ])('extend %s is refused (exit 2)', async (_what, flags, message) => {
    const r = await run(at(NOW, 5), () =>
      extend(extendOptions(['video-release'], { ...who('pio'), reason: 'x', ...flags })),
    );
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toMatch(message);
    expect(types()).toHaveLength(OPENING);
  });

  test('an action the playbook does not let be extended', async () => {
    const r = await run(at(NOW, 5), () =>
      extend(extendOptions(['notify-city-manager'], { ...who('police-chief'), by: 'PT1H', reason: 'x' })),
    );
    expect((r.error as Error).message).toContain('cannot be extended');
  });
});

describe('facts and tiers', () => {
  test('fact set: what changed, what it was, and what now applies', async () => {
    await openTier('tier-1');
    const r = await ok(at(NOW, 5), () =>
      factSet(factSetOptions(['special_meeting_at=2026-11-30 10:00', 'persons_injured=2'], who('city-clerk'))),
    );
    expect(r.out).toContain('Recorded: fact special_meeting_at = ');
    expect(r.out).toContain(
      'Recorded: fact persons_injured = 2 at 02:05 CST by Jane Doe (City Clerk (custodian of records))',
    );
    expect(r.out).toContain('Now on the checklist');
    expect(r.out).toContain('special-meeting-notice');
    const again = await ok(at(NOW, 6), () => factSet(factSetOptions(['persons_injured=3'], who('city-clerk'))));
    expect(again.out).toContain('persons_injured = 3 (was 2)');
    const same = await ok(at(NOW, 7), () => factSet(factSetOptions(['persons_injured=3'], who('city-clerk'))));
    expect(same.out).toBe('No change: the incident already holds these values.\n');
  });

  test('fact set says when the facts now match a more severe tier, and leaves re-tiering to a person', async () => {
    await openTier('tier-3');
    const r = await ok(at(NOW, 5), () => factSet(factSetOptions(['shots_fired_by_officer=yes'], who('police-chief'))));
    expect(r.out).toContain('The facts now match Tier 1 - Critical');
    expect(r.out).toContain('cic escalate --tier tier-1');
    expect(types().at(-1)).toBe('fact.recorded');
  });

  test('fact set refuses a pair without "="', async () => {
    await openTier('tier-1');
    const r = await run(at(NOW, 5), () => factSet(factSetOptions(['persons_injured'], who('city-clerk'))));
    expect((r.error as Error).message).toContain('is not a fact as KEY=VALUE');
  });

  test('escalate from Tier 3 to Tier 1: the new tier’s actions, anchored at the new tier', async () => {
    await openTier('tier-3');
    const r = await ok(at(NOW, 60), () =>
      escalate(escalateOptions([], { ...who('city-manager'), tier: 'tier-1', reason: 'Officer fired' })),
    );
    expect(r.out).toContain(
      'Recorded: re-tiered from Tier 3 - Community trust (tier-3) to Tier 1 - Critical (tier-1) at 03:00 CST',
    );
    expect(r.out).toContain('Now on the checklist');
    // The press briefing is due 24 hours after the tier is set: 03:00 the next day.
    expect(r.out).toMatch(/Fri 27 Nov 03:00 CST\s+\(in 1 day\)\s+Hold a press briefing \[press-briefing\]/);
    expect(r.out).toContain('No longer on the checklist');
    expect(r.out).toContain('community-trust-statement');
  });

  test('escalate to the same tier is refused', async () => {
    await openTier('tier-1');
    const r = await run(at(NOW, 5), () =>
      escalate(escalateOptions([], { ...who('city-manager'), tier: 'tier-1', reason: 'x' })),
    );
    expect((r.error as Error).message).toContain('already tier "tier-1"');
  });
});

describe('close and reopen', () => {
  beforeEach(() => openTier('tier-3'));

  test('without a terminal, open required items refuse the closing and say how to force it', async () => {
    const r = await run(at(NOW, 5), () => close(closeOptions([], who('city-manager'))));
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toMatch(/required items still open: .*notify-city-manager/);
    expect((r.error as InputError).hint).toContain('cic close --force --reason');
    expect(types()).toHaveLength(OPENING);
  });

  test('--force needs a reason', async () => {
    const r = await run(at(NOW, 5), () => close(closeOptions([], { ...who('city-manager'), force: true })));
    expect((r.error as Error).message).toContain('needs a reason');
  });

  test('--force --reason closes, records what was left open, and shows what falls due after closing', async () => {
    const r = await ok(at(NOW, 5), () =>
      close(closeOptions([ID], { ...who('city-manager'), force: true, reason: 'Duplicate of 2026-0002' })),
    );
    expect(r.out).toMatch(
      /^Recorded: incident 2026-0001 closed \(forced\) at 02:05 CST by Jane Doe \(City Manager\): “Duplicate of 2026-0002”\. Left open: notify-city-manager/,
    );
    expect(r.out).toContain('Due after closing:');
    expect(r.out).toContain('log-to-clerk');
    const closed = logOf(root, ID).at(-1)!;
    expect(closed.type).toBe('incident.closed');
    expect((closed.data as { left_open: unknown[] }).left_open.length).toBeGreaterThan(3);

    // Closed is the end of the active response: what closing left open, and what starts at
    // closing, is still recorded; facts are settled, and what is done stays done.
    const leftOpen = await ok(at(NOW, 6), () => done(doneOptions(['brief-mayor-board'], who('city-manager'))));
    expect(leftOpen.out).toContain('(brief-mayor-board) done at 02:06 CST by Jane Doe (City Manager)');
    const toClerk = await ok(at(NOW, 6), () => done(doneOptions(['log-to-clerk'], who('city-manager'))));
    expect(toClerk.out).toContain('(log-to-clerk) done at 02:06 CST by Jane Doe (City Manager) — on time');
    const facts = await run(at(NOW, 6), () => factSet(factSetOptions(['persons_injured=2'], who('city-clerk'))));
    expect((facts.error as Error).message).toContain(
      'is closed since 2026-11-26 02:05 CST: its facts cannot change now',
    );
    expect((facts.error as InputError).hint).toBe('Reopen it first: cic reopen 2026-0001 --reason "…"');
    const again = await run(at(NOW, 6), () => done(doneOptions(['brief-mayor-board'], who('city-manager'))));
    expect((again.error as Error).message).toMatch(
      /is closed since 2026-11-26 02:05 CST: "brief-mayor-board" is already done/,
    );
    const written = types().length;

    const back = await ok(at(NOW, 7), () =>
      reopen(reopenOptions([], { ...who('city-manager'), incident: ID, reason: 'Not a duplicate after all' })),
    );
    expect(back.out).toBe(
      'Recorded: incident 2026-0001 reopened at 02:07 CST by Jane Doe (City Manager): “Not a duplicate after all”\n',
    );
    expect(types()).toHaveLength(written + 1);
  });

  test('two different ids, positional and --incident, are refused', async () => {
    const r = await run(at(NOW, 5), () =>
      close(closeOptions(['2026-0001'], { ...who('city-manager'), incident: '2026-0002', force: true, reason: 'x' })),
    );
    expect((r.error as Error).message).toContain('Two different incidents');
  });
});

describe('requests', () => {
  beforeEach(() => openTier('tier-2'));

  test('request add, then done by --request: each request on its own line and clock', async () => {
    // Received Thu 26 Nov 01:50 CST (Thanksgiving): Fri 27 is a holiday too; Mon 30, Tue 1, Wed 2 Dec.
    const r = await ok(at(NOW, 5), () =>
      requestAdd(
        requestAddOptions(['records-request'], {
          ...who('city-clerk'),
          from: 'KSDK-TV',
          receivedAt: '2026-11-26 01:50',
        }),
      ),
    );
    expect(r.out).toContain('Recorded: records-request #1 from “KSDK-TV”');
    expect(r.out).toContain('Answer the records request #1 (KSDK-TV) [answer-records-request --request 1]');
    expect(r.out).toContain('Wed 02 Dec 23:59 CST');
    // The playbook has the City Attorney approve each answer before it goes.
    await ok(at(NOW, 6), () => approve(approveOptions(['answer-records-request'], who('city-attorney'))));
    const d = await ok(at(NOW, 6), () =>
      done(doneOptions(['answer-records-request'], { ...who('city-clerk'), request: '1' })),
    );
    expect(d.out).toContain('“Answer the records request #1 (KSDK-TV)” (answer-records-request) done');
    const bad = await run(at(NOW, 7), () =>
      done(doneOptions(['answer-records-request'], { ...who('city-clerk'), request: '2' })),
    );
    expect((bad.error as Error).message).toContain('no "records-request" request 2');
    const kind = await run(at(NOW, 7), () =>
      requestAdd(requestAddOptions(['records-requst'], { ...who('city-clerk'), from: 'X' })),
    );
    expect(kind.error).toBeInstanceOf(InputError);
  });
});

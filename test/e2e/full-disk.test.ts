/**
 * A real full disk and a real read-only one: a small tmpfs mounted for this test (it needs root
 * and permission to mount; elsewhere it is skipped with a one-line notice — the same faults are
 * injected through the file-system seams in test/io/log/lock-faults.test.ts and faults.test.ts).
 * Every command that writes must say what could not be written and that nothing was recorded,
 * exit 6, leave no lock, reclaim or temporary file behind, and leave the log as it was. The
 * control frees the space and the same commands succeed.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';

const mnt = mkdtempSync(join(tmpdir(), 'cic-full-disk-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { stdio: 'ignore' });
  mounted = true;
} catch {
  process.stderr.write(`full-disk.test.ts: skipped, cannot mount a tmpfs here (needs root)\n`);
}
const maybe = mounted ? describe : describe.skip;

const root = join(mnt, 'city');
const id = '2026-0001';
const dir = join(root, 'incidents', id);
const env = { CIC_WORKSPACE: root, CIC_ROLE: 'pio', CIC_NAME: 'Pat', CIC_NOW: '2026-11-26T08:10:00Z' };
const cic = (...args: string[]) => runCic(args, { cwd: mnt, env });

const FACTS = [
  'incident_summary=An officer fired a weapon during a traffic stop.',
  'incident_location=Forsyth Boulevard',
  'next_update_at=2026-11-26 06:00',
  'info_url=https://www.claytonmo.gov/updates',
].flatMap((f) => ['--fact', f]);

/** Everything in the incident folder that a failed command must not leave. */
const leftovers = () =>
  [dir, join(dir, 'drafts'), join(dir, 'reports'), root].flatMap((d) =>
    readdirSync(d).filter((f) => /\.(lock|reclaim)$|\.tmp-/.test(f)),
  );

function fill(): void {
  // Fill the tmpfs to the last byte: one file as large as it gets, then small ones.
  try {
    writeFileSync(join(mnt, 'filler'), Buffer.alloc(8 << 20));
  } catch {
    // ENOSPC: as intended
  }
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(mnt, `filler-${i}`), Buffer.alloc(4096));
    } catch {
      break;
    }
  }
}

beforeAll(async () => {
  if (!mounted) return;
  expect((await runCic(['init', root, '--name', 'Pat'], { cwd: mnt })).code).toBe(0);
  const opened = await runCic(['open', '--title', 'T', '--fact', 'shots_fired_by_officer=yes'], {
    cwd: mnt,
    env: { ...env, CIC_ROLE: 'city-manager' },
  });
  expect(opened.code).toBe(0);
  writeFileSync(join(mnt, 'mine.ics'), 'not a calendar cic wrote');
  fill();
}, 60_000);

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

maybe('on a full disk', () => {
  test.each([
    ['note', ['note', 'Called the Mayor']],
    ['done', ['done', 'notify-city-manager', '--as', 'police-chief']],
    ['fact set', ['fact', 'set', 'injury=minor']],
    ['draft', ['draft', 'holding-statement', ...FACTS]],
    ['report', ['report']],
    ['calendar --out', ['calendar', '--out', join(mnt, 'deadlines.ics')]],
    ['open', ['open', '--title', 'Second', '--tier', 'tier-2', '--reason', 'r', '--as', 'city-manager']],
  ])('%s: exit 6, says what could not be written and that nothing was recorded', async (_name, args) => {
    const log = readFileSync(join(dir, 'log.jsonl'));
    const r = await cic(...args);
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 6,
      stderr: expect.stringMatching(/could not write .*(ENOSPC).*Nothing was recorded/s),
    });
    expect(r.stderr).not.toMatch(/bug in cic|\n\s+at /);
    expect(r.stderr).toMatch(/Free some disk space/);
    expect(leftovers()).toEqual([]);
    expect(readFileSync(join(dir, 'log.jsonl')).equals(log)).toBe(true);
  });

  test('control: with space freed, the same commands succeed and the log verifies', async () => {
    for (const f of readdirSync(mnt).filter((f) => f.startsWith('filler'))) rmSync(join(mnt, f));
    expect((await cic('note', 'Called the Mayor')).code).toBe(0);
    expect((await cic('draft', 'holding-statement', ...FACTS)).code).toBe(0);
    expect((await cic('report')).code).toBe(0);
    expect((await cic('verify')).code).toBe(0);
    expect(statSync(join(dir, 'reports', `report-${id}.md`)).size).toBeGreaterThan(0);
  });
});

maybe('on a read-only disk', () => {
  beforeAll(() => {
    mkdirSync(join(mnt, 'empty'), { recursive: true });
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
  });
  afterAll(() => {
    execFileSync('mount', ['-o', 'remount,rw', mnt]);
  });

  test.each([
    ['init', ['init', join(mnt, 'empty', 'city2')]],
    ['note', ['note', 'x']],
    ['report', ['report']],
    ['calendar --out', ['calendar', '--out', join(mnt, 'ro.ics')]],
  ])('%s: exit 6, "read-only", nothing recorded', async (_name, args) => {
    const r = await cic(...args);
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 6,
      stderr: expect.stringMatching(/could not write .*read-only \(EROFS\).*Nothing was recorded/s),
    });
  });
});

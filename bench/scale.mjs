// Cost that does not grow with the log (docs/design.md#budgets), on generated incidents of 1,000,000 and
// 2,000,000 entries (cached under bench/.cache/, see generate-log.mjs):
//   `note`, `done`, `fact set` without -i        ≤ 2.5× `node -e 0`, interleaved with it
//   `status`, `log --json`, `report` (2M)        complete, peak memory ≤ 512 MiB
// The recording commands run on a copy of the incident. A generated log has no state saved beside
// it (cic writes one with every recording command from `open` on), so one untimed `fact set`
// makes it first (and makes the partner institution's call apply); its time is printed. Each timed `done` and
// `fact set` is undone after (the log cut back to its size before and the saved state put back), so every run
// records the same thing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budget, CIC, failed, median } from './lib.mjs';
import { sharedIncident, writableCopy } from './generate-log.mjs';

const SIZES = (process.env.CIC_BENCH_SCALE ?? '1000000,2000000').split(',').map(Number);
const MAX_RSS_KB = 512 * 1024;

export async function run() {
  console.log('# scale');
  for (const size of SIZES) {
    const shared = await sharedIncident(size);
    recording(writableCopy(shared), size);
    if (size >= Number(process.env.CIC_BENCH_READERS_FROM ?? 2_000_000)) readers(shared, size);
  }
}

const short = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

function cic(args, env, { stdout = 'ignore' } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CIC, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`cic ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function nodeZero() {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function recording(incident, size) {
  const env = { CIC_WORKSPACE: incident.root, CIC_NOW: incident.now };
  // Also what makes the partner institution's call apply, which `done` below records.
  const first = cic(['fact', 'set', 'partner_institution=Washington University'], env);
  console.log(
    `  (${short(size)}: the first recording command, which saves the state beside the log: ${first.toFixed(0)} ms)`,
  );
  const dir = join(incident.root, 'incidents', incident.id);
  const log = join(dir, 'log.jsonl');
  const commands = {
    note: { args: ['note', 'Called the duty officer; no change.'] },
    done: { args: ['done', 'partner-liaison-call', '--as', 'partner-liaison'], undo: true },
    // A real change (the generated incident holds 3), undone after each run like `done`: setting
    // the value a fact already holds records nothing, and would time only the reading.
    'fact set': { args: ['fact', 'set', 'persons_injured=4'], undo: true },
  };
  for (const [name, { args, undo }] of Object.entries(commands)) {
    const mine = [];
    const base = [];
    for (let i = 0; i <= 11; i++) {
      const size0 = statSync(log).size;
      const saved = readFileSync(join(dir, '.state.json'));
      const b = nodeZero();
      const m = cic(args, env);
      if (undo) {
        truncateSync(log, size0);
        writeFileSync(join(dir, '.state.json'), saved);
      }
      if (i > 0) {
        base.push(b);
        mine.push(m);
      }
    }
    budget({
      what: `cic ${name} without -i (${short(size)}-entry incident)`,
      ms: median(mine),
      baseline: median(base),
      baselineName: 'node -e 0',
      maxRatio: 2.5,
    });
  }
}

/** Peak resident memory (KiB) and time of one run, by GNU time. */
function peak(args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CIC, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  return { ok: r.status === 0, kb, ms, stderr: r.stderr };
}

function readers(incident, size) {
  const env = { CIC_WORKSPACE: incident.root, CIC_NOW: incident.now };
  const out = mkdtempSync(join(tmpdir(), 'cic-bench-scale-'));
  try {
    for (const [name, args] of [
      ['status', ['status']],
      ['log --json', ['log', '--json']],
      ['report, all formats', ['report', '--format', 'md,html,csv,json', '--out', out]],
    ]) {
      const r = peak(args, env);
      const what = `cic ${name} (${short(size)}), peak memory`;
      if (!r.ok)
        failed(
          what,
          r.stderr
            .trim()
            .split('\n')
            .find((l) => /error|Error/.test(l)) ?? 'exit not 0',
          '≤ 512 MiB',
        );
      else {
        budget({ what, ms: r.kb / 1024, maxMs: MAX_RSS_KB / 1024, unit: 'MiB' });
        console.log(`      (it took ${(r.ms / 1000).toFixed(1)} s)`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

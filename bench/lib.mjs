// Benchmark helpers: whole-process timings as medians, compared with a baseline measured in the
// same run (DESIGN §6). Ratios, not absolute times, so a slow or busy machine does not lie.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CIC = fileURLToPath(new URL('../bin/cic.js', import.meta.url));

/** Median wall time in ms of running `cmd args` `runs` times (after one warm-up). */
export function timeCommand(cmd, args, { runs = 15, env = {}, cwd = ROOT, check = true } = {}) {
  const samples = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (check && r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) samples.push(ms);
  }
  return median(samples);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const results = [];

/** Record one budget line: a ratio to a baseline or an absolute limit (in `unit`, ms by default). */
export function budget({ what, ms, baseline, baselineName, maxRatio, maxMs, unit = 'ms' }) {
  const ratio = baseline ? ms / baseline : undefined;
  const ok = maxRatio !== undefined ? ratio <= maxRatio : ms <= maxMs;
  const limit = maxRatio !== undefined ? `≤ ${maxRatio}× ${baselineName}` : `≤ ${maxMs} ${unit}`;
  const measured =
    ratio !== undefined
      ? `${ratio.toFixed(2)}× (${ms.toFixed(0)} ms vs ${baseline.toFixed(0)} ms)`
      : `${ms.toFixed(0)} ${unit}`;
  results.push({ what, measured, limit, ok });
  console.log(`${ok ? 'ok  ' : 'OVER'}  ${what.padEnd(48)} ${measured.padEnd(36)} budget ${limit}`);
  return ok;
}

/** Record a budget that could not be measured: the command failed. */
export function failed(what, why, limit) {
  results.push({ what, measured: 'failed', limit, ok: false });
  console.log(`OVER  ${what.padEnd(48)} ${`failed: ${why}`.slice(0, 80)} budget ${limit}`);
}

export function summary() {
  const over = results.filter((r) => !r.ok);
  console.log(`\n${results.length - over.length}/${results.length} budgets held.`);
  return over.length === 0;
}

/**
 * The command and `node -e 0` timed alternately, so drift in the machine's load (other processes,
 * CPU frequency) hits both sides of the ratio alike. Returns both medians.
 */
export function againstNode(cmd, args, { runs = 15, env = {}, cwd = ROOT } = {}) {
  const mine = [];
  const base = [];
  for (let i = 0; i <= runs; i++) {
    const b = timeCommand(process.execPath, ['-e', '0'], { runs: 1 });
    const m = timeCommand(cmd, args, { runs: 1, env, cwd });
    if (i > 0) {
      base.push(b);
      mine.push(m);
    }
  }
  return { ms: median(mine), baseline: median(base) };
}

// PostgreSQL store budgets (docs/design.md#budgets), as ratios to the folder store measured in the same run:
// `cic note` ≤ 1.5× the folder store's; `cic status` on 500 entries ≤ 1.5×; on 100,000 entries
// ≤ 1.5 s; 8 concurrent writers ≥ 200 appends/s in total. Also recording that decides against the
// incident's state (`cic fact set`) on 100,000 entries, held to the same 1.5× the folder store's:
// both stores keep the state beside the log, so its cost must not grow with the log.
//
// The server: CIC_BENCH_PG (a superuser URL), else CIC_TEST_PG, else a throwaway cluster started
// here from Debian's binaries on a local unix socket (as root it runs as `postgres`). Without
// one, the suite says so and is skipped. The incidents are the generated ones (./generate-log.mjs),
// copied into the database with `cic store copy`, so both stores hold the same lines.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budget, CIC, median, timeCommand } from './lib.mjs';
import { sharedIncident, writableCopy } from './generate-log.mjs';

const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;

function startCluster() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const v = readdirSync(root)
    .filter((x) => existsSync(join(root, x, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b))
    .pop();
  if (!v) return undefined;
  const bin = join(root, v, 'bin');
  const root_ = process.getuid?.() === 0;
  const as = (cmd, args) =>
    root_
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' })
      : execFileSync(cmd, args, { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'cic-bench-pg-'));
  if (root_) {
    const id = (f) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, id('-u'), id('-g'));
  }
  const port = 20000 + Math.floor(Math.random() * 30000);
  as(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  as(join(bin, 'pg_ctl'), [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-k ${dir} -p ${port} -c listen_addresses=''`,
    'start',
  ]);
  process.on('exit', () => {
    try {
      as(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return `postgres://postgres@${encodeURIComponent(dir)}:${port}/postgres`;
}

function createDatabase(admin, name) {
  const u = new URL(admin);
  const host = decodeURIComponent(u.hostname);
  spawnSync(
    'psql',
    [
      '-h',
      host,
      '-p',
      u.port,
      '-U',
      decodeURIComponent(u.username),
      '-d',
      'postgres',
      '-qc',
      `CREATE DATABASE ${name}`,
    ],
    {
      stdio: 'ignore',
    },
  );
  u.pathname = `/${name}`;
  return u.toString();
}

/** A copy of a generated folder workspace's incident in a new database; returns its URL. */
function copyToDatabase(admin, workspace, name) {
  const url = createDatabase(admin, name);
  const r = spawnSync(process.execPath, [CIC, 'store', 'copy', '--to', url], {
    env: { ...process.env, CIC_WORKSPACE: workspace },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cic store copy: ${r.stderr}`);
  return url;
}

/** Folder and database timed alternately (drift in the machine's load hits both). */
function alternate(args, folderEnv, pgEnv, runs = 15) {
  const folder = [];
  const pg = [];
  for (let i = 0; i <= runs; i++) {
    const f = timeCommand(process.execPath, [CIC, ...args], { runs: 1, env: folderEnv });
    const p = timeCommand(process.execPath, [CIC, ...args], { runs: 1, env: pgEnv });
    if (i > 0) {
      folder.push(f);
      pg.push(p);
    }
  }
  return { ms: median(pg), baseline: median(folder) };
}

/** One run of `cic args`, in ms; it must succeed. */
function timeOnce(args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`cic ${args.slice(1).join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Like `alternate`, with the arguments of run `i` from `argsOf(i)` (a recording that must change something). */
function alternateEach(argsOf, folderEnv, pgEnv, runs = 15) {
  const folder = [];
  const pg = [];
  for (let i = 0; i <= runs; i++) {
    const f = timeOnce([CIC, ...argsOf(i)], folderEnv);
    const p = timeOnce([CIC, ...argsOf(i)], pgEnv);
    if (i > 0) {
      folder.push(f);
      pg.push(p);
    }
  }
  return { ms: median(pg), baseline: median(folder) };
}

/** `n` notes appended to the incident in one transaction (a note neither reads nor keeps the state). */
async function notesPastKeptState(url, n, now) {
  const { PgStore } = await import(dist('io/pg/pg-store.js'));
  const s = new PgStore(url);
  try {
    const actor = { role: 'city-manager', name: 'Bench', user: 'pg:postgres', identity: 'unchecked' };
    const notes = Array.from({ length: n }, (_, k) => ({ type: 'note', data: { text: `past the kept state ${k}` } }));
    await s.appendEvents('2026-0001', { actor, at: new Date(now), simulated: false }, notes);
  } finally {
    await s.close();
  }
}

/** `writers` processes appending notes through the store for `seconds`: appends per second in all. */
async function writersThroughput(url, writers, seconds) {
  const script = `
    const { PgStore } = await import(${JSON.stringify(dist('io/pg/pg-store.js'))});
    const s = new PgStore(process.env.URL);
    const actor = { role: 'city-manager', name: 'Bench', user: 'pg:postgres', identity: 'unchecked' };
    const until = Date.now() + ${seconds * 1000};
    let n = 0;
    while (Date.now() < until) {
      await s.appendEvents('2026-0001', { actor, at: new Date(), simulated: false }, [{ type: 'note', data: { text: 'w' + n } }]);
      n++;
    }
    await s.close();
    console.log(n);`;
  const counts = await Promise.all(
    Array.from(
      { length: writers },
      () =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
            env: { ...process.env, URL: url },
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.on('close', (code) =>
            code === 0 ? resolve(Number(out.trim())) : reject(new Error(`writer exit ${code}`)),
          );
        }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0) / seconds;
}

export async function run() {
  console.log('# PostgreSQL store');
  let admin = process.env.CIC_BENCH_PG || process.env.CIC_TEST_PG;
  try {
    admin ||= startCluster();
  } catch (err) {
    console.log(`  (skipped: could not start a PostgreSQL server here: ${String(err.message).split('\n')[0]})`);
    return;
  }
  if (!admin) {
    console.log('  (skipped: no PostgreSQL server; set CIC_BENCH_PG or install Debian postgresql)');
    return;
  }
  const tag = `cicbench${process.pid}`;
  const small = await sharedIncident(500);
  const large = await sharedIncident(100_000);
  const smallUrl = copyToDatabase(admin, small.root, `${tag}_small`);
  const largeUrl = copyToDatabase(admin, large.root, `${tag}_large`);
  const env = (w, url) => ({ CIC_WORKSPACE: w.root, CIC_NOW: w.now, ...(url ? { CIC_DATABASE_URL: url } : {}) });
  // The folder side writes to copies: the shared generated incidents stay as generated.
  const smallW = writableCopy(small);
  const largeW = writableCopy(large);

  const note = alternate(['note', 'bench note', '--as', 'city-manager'], env(smallW), env(small, smallUrl));
  budget({ what: 'PostgreSQL: cic note', ...note, baselineName: 'folder store', maxRatio: 1.5 });
  const status = alternate(['status'], env(small), env(small, smallUrl));
  budget({ what: 'PostgreSQL: cic status (500 entries)', ...status, baselineName: 'folder store', maxRatio: 1.5 });
  // Status starts from the state the database keeps (docs/postgres.md, "The kept state"), which
  // `cic store copy` kept at the head: the log is first taken 255 notes past it, the most a
  // recording command leaves it behind, so the entries after it are read, verified and folded too.
  await notesPastKeptState(largeUrl, 255, large.now);
  const statusLarge = timeCommand(process.execPath, [CIC, 'status'], { env: env(large, largeUrl), runs: 5 });
  budget({ what: 'PostgreSQL: cic status (100k entries)', ms: statusLarge, maxMs: 1500 });
  const factSet = (i) => ['fact', 'set', `incident_location=block ${i}`, '--as', 'city-manager'];
  const recordLarge = alternateEach(factSet, env(largeW), env(large, largeUrl));
  budget({
    what: 'PostgreSQL: cic fact set (100k entries)',
    ...recordLarge,
    baselineName: 'folder store',
    maxRatio: 1.5,
  });

  const perSecond = await writersThroughput(smallUrl, 8, 5);
  const ok = perSecond >= 200;
  console.log(
    `${ok ? 'ok  ' : 'OVER'}  ${'PostgreSQL: 8 writers, appends per second'.padEnd(48)} ${perSecond.toFixed(0).padEnd(36)} budget ≥ 200/s`,
  );
  if (!ok) budget({ what: 'PostgreSQL: 8 writers (appends/s below 200)', ms: 1, maxMs: 0 });
}

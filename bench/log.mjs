// Log budgets (DESIGN §6, issue 3), side by side in one run:
//   `cic note` (lock + append + fsync)            ≤ 2.5× `node -e 0`
//   `cic verify` on a 1,000,000-entry log          ≤ 3× `sha256sum` of the same file
//   reading the head for an append                 the same for 10 and 1,000,000 entries
// Plain Node: it drives the built CLI and, for the set-up and the in-process head read, dist/.
import { createHash, hash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { againstNode, budget, CIC, median, ROOT, timeCommand } from './lib.mjs';

const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const ENTRIES = Number(process.env.CIC_BENCH_LOG_ENTRIES ?? 1_000_000);

export async function run() {
  console.log('# log');
  const { discoverWorkspace } = await import(dist('io/workspace/discover.js'));
  const { createIncident } = await import(dist('io/workspace/incidents.js'));
  const { FileStore } = await import(dist('io/log/file-store.js'));

  const root = mkdtempSync(join(tmpdir(), 'cic-bench-log-'));
  try {
    writeFileSync(join(root, 'cic.yaml'), 'playbook: playbook.yaml\ndefaults:\n  name: Bench\n  role: city-manager\n');
    mkdirSync(join(root, 'incidents'));
    const loaded = await bundledPlaybook();
    const ws = await discoverWorkspace(root, root, {});
    const store = new FileStore(ws);
    const actor = { role: loaded.playbook.roles[0].id, name: 'Bench', user: 'bench@host' };
    const ctx = { actor, at: new Date(), simulated: false };
    const open = (title) => ({
      type: 'incident.opened',
      data: {
        title,
        occurred_at: new Date().toISOString(),
        playbook: { id: loaded.playbook.id, version: loaded.playbook.version, sha256: loaded.sha256 },
      },
    });

    // A small incident (10 entries) and a large one (ENTRIES entries, generated directly).
    const small = await createIncident(ws, loaded, new Date());
    await store.appendEvents(small, ctx, [
      open('small'),
      ...Array.from({ length: 9 }, (_, k) => ({ type: 'note', data: { text: `note ${k}` } })),
    ]);
    const large = await createIncident(ws, loaded, new Date());
    const largeLog = join(ws.incidentsDir, large, 'log.jsonl');
    const t0 = Date.now();
    generateLog(largeLog, large, loaded.sha256, ENTRIES, actor);
    console.log(
      `  (generated a ${ENTRIES.toLocaleString('en-US')}-entry log in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );

    const env = { CIC_WORKSPACE: root };
    const note = againstNode(process.execPath, [CIC, 'note', 'bench note', '-i', small], { env });
    budget({ what: 'cic note (10-entry incident)', ...note, baselineName: 'node -e 0', maxRatio: 2.5 });
    const noteLarge = againstNode(process.execPath, [CIC, 'note', 'bench note', '-i', large], { env, runs: 9 });
    budget({
      what: `cic note (${short(ENTRIES)}-entry incident)`,
      ...noteLarge,
      baselineName: 'node -e 0',
      maxRatio: 2.5,
    });

    const headSmall = await headCost(store, small);
    const headLarge = await headCost(store, large);
    budget({
      what: `200 head reads, ${short(ENTRIES)} vs 10 entries`,
      ms: headLarge,
      baseline: headSmall,
      baselineName: 'the 10-entry read',
      maxRatio: 1.5,
    });

    const sha = timeCommand('sha256sum', [largeLog], { runs: 3 });
    const verify = timeCommand(process.execPath, [CIC, 'verify', large], { env, runs: 3 });
    budget({
      what: `cic verify (${short(ENTRIES)} entries)`,
      ms: verify,
      baseline: sha,
      baselineName: 'sha256sum',
      maxRatio: 3,
    });
    const check = spawnSync(process.execPath, [CIC, 'verify', large, '--json'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    const report = JSON.parse(check.stdout);
    if (!report.ok || report.entries < ENTRIES) throw new Error(`the generated log did not verify: ${check.stdout}`);
  } finally {
    if (process.env.CIC_BENCH_KEEP) console.log(`  (kept ${root})`);
    else rmSync(root, { recursive: true, force: true });
  }
}

const short = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

/** Median time of 200 head reads (one is µs-scale). */
async function headCost(store, id) {
  const samples = [];
  for (let s = 0; s < 15; s++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < 200; k++) await store.head(id);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

/** The bundled playbook, loaded by the playbook module when built, else parsed as plain YAML. */
async function bundledPlaybook() {
  const file = join(ROOT, 'playbooks', 'clayton-mo.yaml');
  if (existsSync(new URL('../dist/io/playbook/load.js', import.meta.url))) {
    const { loadPlaybook } = await import(dist('io/playbook/load.js'));
    return loadPlaybook(file);
  }
  const { parse } = await import('yaml');
  const source = readFileSync(file, 'utf8');
  return { playbook: parse(source), file, sha256: createHash('sha256').update(source).digest('hex'), source };
}

/**
 * Write a valid chain of `count` note entries directly (canonical lines built by hand in key
 * order, hashed as the store does), after an incident.opened entry.
 */
function generateLog(path, incident, playbookSha256, count, actor) {
  const fd = openSync(path, 'w');
  try {
    let prev = hash('sha256', `cic-genesis-v1\n${incident}\n${playbookSha256}`, 'hex');
    const at = new Date().toISOString();
    const actorJson = JSON.stringify({ name: actor.name, role: actor.role, user: actor.user });
    const opened = `{"occurred_at":"${at}","playbook":{"id":"bench","sha256":"${playbookSha256}","version":"1"},"title":"large"}`;
    let batch = '';
    for (let seq = 0; seq < count; seq++) {
      const type = seq === 0 ? 'incident.opened' : 'note';
      const data = seq === 0 ? opened : `{"text":"Routine note ${seq}: called the duty officer; no change."}`;
      const head = `{"actor":${actorJson},"at":"${at}","data":${data},`;
      const tail = `"incident":"${incident}","prev":"${prev}","seq":${seq},"type":"${type}","v":1}`;
      const digest = hash('sha256', `cic-log-v1\n${head}${tail}`, 'hex');
      batch += `${head}"hash":"${digest}",${tail}\n`;
      prev = digest;
      if (batch.length > 1 << 22) {
        writeSync(fd, batch);
        batch = '';
      }
    }
    writeSync(fd, batch);
  } finally {
    closeSync(fd);
  }
}

// Run on its own: `node bench/log.mjs`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { summary } = await import('./lib.mjs');
  await run();
  process.exitCode = summary() ? 0 : 1;
}

// Generates large, valid incidents for the benchmarks: a Tier 1 incident under the bundled
// playbook, written with the log module's own entry functions (draftEntry, sealEntry and the
// entry-schema check from dist/log/), so every line is validated, canonical and chained exactly as
// `cic` writes it, and `cic verify` accepts the result.
//
// What it holds, like a long incident would: the first hour's notifications and the holding
// statement (drafted, approved by each approver, released); a public update every 4 hours, each
// drafted, approved, released and recorded (every 7th late, every 11th skipped); a press briefing;
// fact changes; backfilled notes; and notes filling the rest (media calls, updates). The incident
// stays open. `now` (the time just after the last entry) is what to pass as CIC_NOW.
//
//   node bench/generate-log.mjs DIR [ENTRIES]   makes a workspace in DIR (which must not exist)
//   import { generateIncident } from './generate-log.mjs'
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-03-14T07:05:00.000Z'); // 02:05 CDT
const OCCURRED = '2026-03-14T06:52:00.000Z';
// Enough room per entry that a 100,000-entry incident spans about a month.
const STEP = 26_000;

const people = {
  chief: { role: 'police-chief', name: 'Lena Ortiz', user: 'bench@host' },
  manager: { role: 'city-manager', name: 'Marcus Reed', user: 'bench@host' },
  pio: { role: 'pio', name: 'Jo Park', user: 'bench@host' },
  clerk: { role: 'city-clerk', name: 'June Alvarez', user: 'bench@host' },
};

const textSha = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
// A statement's words are in its drafted entry (a few kB, as a real one); BENCH_TEXT_BYTES sets
// how many, to measure what holding them in the log costs the readers.
const TEXT_BYTES = Number(process.env.BENCH_TEXT_BYTES ?? 2500);
const statementText = (statement, k) => {
  const para = `Update ${k} on the officer-involved shooting at Forsyth Boulevard (${statement}). `;
  return (
    (para + 'The investigation continues; we will share what we can, when we can. '.repeat(64)).slice(0, TEXT_BYTES) +
    '\n'
  );
};

/**
 * Write a workspace at `root` (made if missing) holding one incident of exactly `entries`
 * entries. Returns the incident id, the number of entries and `now`.
 */
export async function generateIncident(root, entries) {
  const { loadPlaybook } = await import(dist('io/playbook/load.js'));
  const { discoverWorkspace } = await import(dist('io/workspace/discover.js'));
  const { createIncident } = await import(dist('io/workspace/incidents.js'));
  const { draftEntry, sealEntry, genesisHash } = await import(dist('core/log/entry.js'));
  const { entryValidator } = await import(dist('io/log/entry-schema.js'));

  mkdirSync(join(root, 'incidents'), { recursive: true });
  if (!existsSync(join(root, 'cic.yaml')))
    writeFileSync(join(root, 'cic.yaml'), 'playbook: playbook.yaml\ndefaults:\n  name: Bench\n  role: city-manager\n');
  const loaded = await loadPlaybook(join(ROOT, 'playbooks', 'clayton-mo.yaml'));
  const ws = await discoverWorkspace(root, root, {});
  const id = await createIncident(ws, loaded, new Date(START));
  const check = await entryValidator();

  const fd = openSync(join(ws.incidentsDir, id, 'log.jsonl'), 'w');
  let seq = 0;
  let prev = genesisHash(id, loaded.sha256);
  let t = START;
  let batch = [];
  const flush = () => {
    if (batch.length) writeSync(fd, batch.join(''));
    batch = [];
  };
  const put = (actor, type, data, extra = {}) => {
    if (seq >= entries) return false;
    const sealed = sealEntry(
      draftEntry(id, seq, prev, { actor, at: new Date(t), simulated: false }, { type, data, ...extra }),
      check,
    );
    batch.push(`${sealed.line}\n`);
    if (batch.length >= 2000) flush();
    prev = sealed.entry.hash;
    seq++;
    t += STEP;
    return true;
  };
  const fact = (actor, f, value) => put(actor, 'fact.recorded', { fact: f, value });
  const done = (actor, action, occurrence = 0, note) =>
    put(actor, 'action.completed', { action, occurrence, ...(note ? { note } : {}) });
  let version = 0;
  const statementFacts = (k) => ({
    incident_summary: `At about 1:52 a.m. an officer fired at the driver of a stopped car. Update ${k}.`,
    incident_location: 'the 7700 block of Forsyth Boulevard',
    next_update_at: new Date(t + 4 * HOUR).toISOString(),
    info_url: 'https://www.claytonmo.gov/news',
  });
  const publish = (statement, approvers, k) => {
    version++;
    const facts = statementFacts(k);
    const text = statementText(statement, k);
    const digest = textSha(text);
    put(people.pio, 'statement.drafted', {
      statement,
      version,
      file: `drafts/${statement}.v${version}.md`,
      sha256: digest,
      text,
      facts,
      checks: [],
      source: 'template',
    });
    for (const a of approvers) put(a, 'statement.approved', { statement, version, sha256: digest, warnings: [] });
    put(people.pio, 'statement.released', {
      statement,
      version,
      sha256: digest,
      channels: ['city-website', 'social-media'],
      facts,
    });
  };

  try {
    put(people.chief, 'incident.opened', {
      title: 'Officer-involved shooting, 7700 block of Forsyth Blvd',
      occurred_at: OCCURRED,
      playbook: { id: loaded.playbook.id, version: loaded.playbook.version, sha256: loaded.sha256 },
    });
    fact(people.chief, 'shots_fired_by_officer', true);
    put(people.chief, 'incident.classified', {
      tier: 'tier-1',
      reason: 'An officer-involved shooting',
      method: 'questions',
    });
    done(people.chief, 'notify-city-manager', 0, 'Called his cell phone');
    done(people.manager, 'notify-city-attorney');
    fact(people.chief, 'investigating_agency', 'St. Louis County Police Department');
    done(people.chief, 'coordinate-investigating-agency');
    publish('holding-statement', [people.chief, people.manager], 0);
    const holdingDone = t;
    done(people.pio, 'holding-statement', 0, 'released v1');
    done(people.manager, 'brief-mayor-board');
    done(people.chief, 'notify-next-of-kin');
    done(people.clerk, 'open-records-log');

    // Public update k is due 4 h after the holding statement, then every 4 h.
    let k = 0;
    let pressDone = false;
    let n = 0;
    while (seq < entries) {
      const due = holdingDone + 4 * HOUR * (k + 1);
      if (t >= due - 30 * MINUTE) {
        if (k % 11 === 10)
          put(people.pio, 'action.skipped', {
            action: 'public-update',
            occurrence: k,
            reason: 'Merged into the press release',
          });
        else {
          if (k % 7 === 6) t = Math.max(t, due + 20 * MINUTE); // this one is late
          publish('public-update', [people.chief], k + 1);
          done(people.pio, 'public-update', k, `released v${version}`);
        }
        k++;
        continue;
      }
      if (!pressDone && t >= START + 10 * HOUR) {
        done(people.chief, 'press-briefing', 0, 'City Hall, livestreamed');
        pressDone = true;
        continue;
      }
      n++;
      if (n % 50 === 0) fact(people.chief, 'persons_injured', 1 + (n % 3));
      else if (n % 37 === 0)
        put(
          people.manager,
          'note',
          { text: `Called back alderman ${n % 9}` },
          { stated_at: new Date(t - 25 * MINUTE).toISOString() },
        );
      else
        put([people.pio, people.manager, people.chief, people.clerk][n % 4], 'note', {
          text: `Media inquiry ${n}: answered with the latest public update (outlet ${n % 40})`,
        });
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { id, entries: seq, now: new Date(t + MINUTE).toISOString() };
}

const shared = new Map();
const CACHE = fileURLToPath(new URL('.cache/', import.meta.url));

/**
 * One generated incident of `entries` entries, made once and kept under bench/.cache/ (ignored by
 * git: a 2,000,000-entry log is ~600 MB and takes minutes to generate), made again when this
 * generator or the bundled playbook changes. Read-only: a suite that writes uses `writableCopy`.
 */
export function sharedIncident(entries) {
  let made = shared.get(entries);
  if (!made) {
    made = (async () => {
      const key = createHash('sha256')
        .update(readFileSync(fileURLToPath(import.meta.url)))
        .update(readFileSync(join(ROOT, 'playbooks', 'clayton-mo.yaml')))
        .digest('hex')
        .slice(0, 12);
      const root = join(CACHE, `incident-${entries}-${key}`);
      const meta = join(root, 'bench.json');
      if (existsSync(meta)) return { root, ...JSON.parse(readFileSync(meta, 'utf8')) };
      rmSync(root, { recursive: true, force: true });
      for (const old of existsSync(CACHE) ? readdirSync(CACHE) : [])
        if (old.startsWith(`incident-${entries}-`)) rmSync(join(CACHE, old), { recursive: true, force: true });
      const started = Date.now();
      const r = await generateIncident(root, entries);
      writeFileSync(meta, JSON.stringify(r));
      console.log(
        `  (generated a ${entries.toLocaleString('en-US')}-entry incident in ${((Date.now() - started) / 1000).toFixed(1)} s, kept in ${root})`,
      );
      return { root, ...r };
    })();
    shared.set(entries, made);
  }
  return made;
}

/** A copy of a shared incident's workspace to write to, removed when the process exits. */
export function writableCopy(incident) {
  const root = mkdtempSync(join(tmpdir(), 'cic-bench-copy-'));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  cpSync(incident.root, root, { recursive: true });
  return { ...incident, root };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, count = '100000'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/generate-log.mjs DIR [ENTRIES]');
    process.exit(2);
  }
  if (existsSync(dir)) {
    console.error(`${dir} exists; give a new folder`);
    process.exit(2);
  }
  const started = Date.now();
  const r = await generateIncident(dir, Number(count));
  console.log(
    `incident ${r.id}: ${r.entries} entries in ${((Date.now() - started) / 1000).toFixed(1)} s; use CIC_WORKSPACE=${dir} CIC_NOW=${r.now}`,
  );
}

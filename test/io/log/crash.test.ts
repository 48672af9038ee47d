/**
 * Crash safety: a writer appending in a loop is killed with SIGKILL at random moments, 60 times.
 * After each kill: every entry it acknowledged is in the log, the only damage is ever a torn tail,
 * and `--repair` (through the store, and through the CLI) gives back a log that verifies.
 *
 * Half the runs use a seam that writes each append in two halves with a pause between (as a disk
 * without atomic writes would), so that kills land inside entries and leave real torn tails.
 */
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { FileStore } from '../../../src/io/log/file-store.js';
import { repairLog } from '../../../src/io/log/repair.js';
import type { LogEntry, VerifyReport } from '../../../src/core/log/envelope.js';
import { runCic } from '../../helpers/run-cic.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

const WRITER = fileURLToPath(new URL('./crash-writer.mjs', import.meta.url));
const RUNS = 60;

interface Ack {
  seq: number;
  text: string;
}

/** Run the writer, kill it with SIGKILL `delayMs` after its first acknowledgement. */
function runAndKill(root: string, incident: string, run: number, mode: string, delayMs: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, root, incident, String(run), mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let armed = false;
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) {
        const m = /^ack (\d+) (.*)$/.exec(l);
        if (m) acks.push({ seq: Number(m[1]), text: m[2]! });
      }
      if (!armed && acks.length > 0) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(giveUp);
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed: ${stderr}`));
      else resolve(acks);
    });
  });
}

/** Acknowledged entries that are not in the verified part of the log, as they were acknowledged. */
function lostAcks(log: string, report: VerifyReport, acks: Ack[]): Ack[] {
  const lines = readFileSync(log, 'utf8').split('\n');
  return acks.filter((a) => {
    if (a.seq >= report.entries) return true;
    const e = JSON.parse(lines[a.seq]!) as LogEntry<'note'>;
    return e.type !== 'note' || e.data.text !== a.text;
  });
}

/** 'clean', 'torn tail' (what a crash may leave), or 'damage' (what it must never leave). */
function damageKind(report: VerifyReport): 'clean' | 'torn tail' | 'damage' {
  if (report.ok) return 'clean';
  return report.torn_tail && report.first_bad_seq === report.entries ? 'torn tail' : 'damage';
}

describe('a writer killed at random moments', () => {
  test(`${RUNS} kills: nothing acknowledged is lost, damage is only ever a torn tail, and --repair restores the log`, async () => {
    const ws = await makeWorkspace();
    const id = await openIncident(ws);
    const store = new FileStore(ws);
    const log = join(ws.incidentsDir, id, 'log.jsonl');
    const allAcks: Ack[] = [];
    const kinds: Record<string, number> = { clean: 0, 'torn tail': 0, damage: 0 };
    let repairedByCli = 0;
    let repairedByStore = 0;

    for (let run = 0; run < RUNS; run++) {
      const mode = run % 2 ? 'split' : 'atomic';
      const acks = await runAndKill(ws.root, id, run, mode, Math.floor(Math.random() * 40));
      expect(acks.length).toBeGreaterThan(0);
      allAcks.push(...acks);
      const report = await store.verify(id);
      const kind = damageKind(report);
      kinds[kind]!++;
      expect({ run, kind, problem: report.problem }).toEqual({
        run,
        kind: kind === 'damage' ? 'torn tail' : kind,
        problem: report.problem,
      });
      expect(lostAcks(log, report, acks)).toEqual([]);
      if (kind === 'torn tail') {
        if (run % 4 === 1) {
          const r = await runCic(['verify', id, '--repair'], { cwd: ws.root, env: { CIC_NAME: 'Crash Test' } });
          expect(r).toMatchObject({ code: 0 });
          expect(r.stdout).toMatch(/Repaired: moved \d+ bytes/);
          repairedByCli++;
        } else {
          const outcome = await repairLog(store, id, {
            ...ctx(),
            actor: { role: 'system', name: 'Crash Test', user: 'crash@test' },
          });
          expect(outcome.repairs).toHaveLength(1);
          repairedByStore++;
        }
        expect((await store.verify(id)).ok).toBe(true);
      }
    }

    // Every acknowledgement of every run is still there, in a log that verifies.
    const final = await store.verify(id);
    expect(final.ok).toBe(true);
    expect(lostAcks(log, final, allAcks)).toEqual([]);
    // The repairs are on record, and the damaged bytes are kept beside the log.
    const entries = await store.readAll(id);
    const repairs = entries.filter((e) => e.type === 'log.repaired') as LogEntry<'log.repaired'>[];
    expect(repairs).toHaveLength(kinds['torn tail']!);
    const files = readdirSync(join(ws.incidentsDir, id)).filter((f) => f.startsWith('log.jsonl.quarantine-'));
    expect(files.sort()).toEqual(repairs.map((r) => r.data.quarantine).sort());
    for (const r of repairs)
      expect(readFileSync(join(ws.incidentsDir, id, r.data.quarantine)).length).toBe(r.data.length);
    // The split-write runs did tear entries, so the repair path really ran (both ways).
    expect(kinds['torn tail']).toBeGreaterThan(0);
    expect(repairedByCli + repairedByStore).toBe(kinds['torn tail']);
    console.log(
      `crash runs: ${JSON.stringify(kinds)}, ${allAcks.length} acknowledged entries, repaired ${repairedByCli} by the CLI and ${repairedByStore} through the store`,
    );
  }, 600_000);

  test('negative controls: the checkers do fail on a lost entry and on damage that is not a torn tail', async () => {
    const ws = await makeWorkspace();
    const id = await openIncident(ws);
    const store = new FileStore(ws);
    const log = join(ws.incidentsDir, id, 'log.jsonl');
    const written = await store.appendEvents(
      id,
      ctx(),
      [1, 2, 3].map((n) => ({ type: 'note', data: { text: `n${n}` } })),
    );
    const acks = written.map((e) => ({ seq: e.seq, text: (e as LogEntry<'note'>).data.text }));
    expect(lostAcks(log, await store.verify(id), acks)).toEqual([]);
    // Drop the last line: the checker reports that acknowledged entry as lost.
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    writeFileSync(
      log,
      lines
        .slice(0, -1)
        .map((l) => `${l}\n`)
        .join(''),
    );
    expect(lostAcks(log, await store.verify(id), acks)).toEqual([acks[2]]);
    // Garbage in the middle is damage, not a torn tail; --repair refuses it.
    writeFileSync(log, [lines[0], lines[1], 'x'.repeat(30), lines[2]].map((l) => `${l}\n`).join(''));
    const report = await store.verify(id);
    expect(damageKind(report)).toBe('damage');
    await expect(repairLog(store, id, ctx())).rejects.toMatchObject({
      hint: expect.stringMatching(/not a torn tail left by a crash, so --repair changes nothing/),
    });
    // A torn tail is classified as one.
    writeFileSync(log, `${lines.join('\n')}\n${lines[3]!.slice(0, 50)}`);
    expect(damageKind(await store.verify(id))).toBe('torn tail');
  });
});

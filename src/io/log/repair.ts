/**
 * `cic verify --repair`: a torn tail (what a crash mid-write leaves) is moved, byte for byte, to a
 * quarantine file beside the log — `log.jsonl.quarantine-<offset>-<sha8>` — and the repair is
 * recorded as a `log.repaired` entry with the bytes' offset, length and SHA-256. Nothing is
 * deleted. Damage anywhere else is tampering or corruption, and is never "repaired".
 *
 * Crash-safe in order: the quarantine copy is written and fsynced before the log is truncated; a
 * quarantine file whose repair was never recorded (a crash between the two) is recorded on the
 * next run.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { IntegrityError } from '../../core/errors.js';
import type { IncidentId } from '../../core/ids.js';
import type { IncidentEvent } from '../../core/incident/events.js';
import { entryValidator } from './entry-schema.js';
import { FileStore, seal } from './file-store.js';
import { flags, fsyncDir, readAt, sha256Of, writeAll } from './fs-seam.js';
import { verifyOpenLog } from './read.js';
import { LogWriteError } from './write-error.js';
import type { AppendContext, LogEntry, TornTail, VerifyReport } from '../../core/log/envelope.js';

const QUARANTINE = /^log\.jsonl\.quarantine-(\d+)-([0-9a-f]{8})$/;
const CHUNK = 4 << 20;

export interface Repair extends TornTail {
  /** File name of the quarantine file, beside the log. */
  quarantine: string;
}

export interface RepairOutcome {
  /** What was quarantined now or recorded late (empty when there was nothing to repair). */
  repairs: Repair[];
  /** The `log.repaired` entries written. */
  recorded: LogEntry[];
}

export async function repairLog(store: FileStore, incident: IncidentId, ctx: AppendContext): Promise<RepairOutcome> {
  const check = await entryValidator();
  const files = store.files(incident);
  const seam = store.seam;
  return store.locked(files, incident, () =>
    store.withLog(files, flags.append, (fd) => {
      const recordedNames = new Set<string>();
      const report: VerifyReport = verifyOpenLog(
        seam,
        fd,
        store.verifyOptions(files, (line) => {
          if (line.includes('"type":"log.repaired"'))
            recordedNames.add((JSON.parse(line) as LogEntry<'log.repaired'>).data.quarantine);
        }),
      );
      if (!report.ok && !report.torn_tail) {
        throw new IntegrityError(
          `the log of incident ${incident} does not verify: ${report.problem}`,
          'This is not a torn tail left by a crash, so --repair changes nothing: keep the files as evidence and compare them with a backup or a recorded digest (`cic verify --anchor SEQ:HASH`).',
        );
      }
      const repairs: Repair[] = [];
      let size = seam.size(fd);
      if (report.torn_tail) {
        const tail = report.torn_tail;
        const quarantine = `log.jsonl.quarantine-${tail.offset}-${tail.sha256.slice(0, 8)}`;
        try {
          copyToQuarantine(store, fd, tail, join(files.dir, quarantine));
          fsyncDir(seam, files.dir);
          seam.truncate(fd, tail.offset);
          seam.fsync(fd);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === undefined) throw err;
          // Safe to run again: an identical quarantine copy is reused, the log is cut only after it.
          throw new LogWriteError(
            `could not repair the log of incident ${incident}: ${(err as Error).message}. The damaged bytes are still in the log (and perhaps also in ${quarantine}); nothing was deleted.`,
            `Fix the disk problem, then run \`cic verify ${incident} --repair\` again.`,
          );
        }
        size = tail.offset;
        repairs.push({ ...tail, quarantine });
        recordedNames.add(quarantine);
      }
      for (const name of readdirSync(files.dir).sort()) {
        const m = QUARANTINE.exec(name);
        if (!m || recordedNames.has(name)) continue;
        const { sha256, length } = hashFile(store, join(files.dir, name));
        if (!sha256.startsWith(m[2]!)) continue; // not one of ours: its name does not match its content
        repairs.push({ offset: Number(m[1]), length, sha256, quarantine: name });
      }
      if (repairs.length === 0) return { repairs, recorded: [] };
      const events: IncidentEvent[] = repairs.map(({ offset, length, sha256, quarantine }) => ({
        type: 'log.repaired',
        data: { offset, length, sha256, quarantine },
      }));
      const sealed = seal(incident, report.head, ctx, events, check);
      store.write(fd, size, sealed, incident);
      return { repairs, recorded: sealed.map((s) => s.entry) };
    }),
  );
}

/**
 * Copy the damaged bytes out and fsync them (through a temporary name, so a quarantine file is
 * always complete) before anything is truncated. An identical copy from an earlier run is reused.
 */
function copyToQuarantine(store: FileStore, fd: number, tail: TornTail, path: string): void {
  const seam = store.seam;
  if (existsSync(path)) {
    if (hashFile(store, path).sha256 === tail.sha256) return; // an earlier repair got this far
    throw new IntegrityError(
      `${path} exists with different content; not overwriting it`,
      'Move it aside (keep it), then run `cic verify --repair` again.',
    );
  }
  const temp = `${path}.tmp-${process.pid}`;
  const out = seam.open(temp, flags.create, 0o444);
  try {
    for (let p = tail.offset; p < tail.offset + tail.length; p += CHUNK) {
      writeAll(seam, out, readAt(seam, fd, p, Math.min(CHUNK, tail.offset + tail.length - p)));
    }
    seam.fsync(out);
  } catch (err) {
    seam.close(out);
    rmSync(temp, { force: true });
    throw err;
  }
  seam.close(out);
  renameSync(temp, path);
}

function hashFile(store: FileStore, path: string): { sha256: string; length: number } {
  const seam = store.seam;
  const fd = seam.open(path, flags.read);
  try {
    const length = seam.size(fd);
    return { sha256: sha256Of(seam, fd, 0, length), length };
  } finally {
    seam.close(fd);
  }
}

/**
 * The log store interface: the only way commands read and write an incident's log. The local file
 * store (`file-store.ts`) implements it; a shared PostgreSQL store can sit beside it later
 * without the core or the commands changing.
 */
import type { Actor, EventData, EventType, IncidentEvent } from '../incident/events.js';
import type { Timestamp } from '../playbook/model.js';

/** One line of `log.jsonl`, as defined in DESIGN §4. */
export interface LogEntry<T extends EventType = EventType> {
  v: 1;
  incident: string;
  seq: number;
  at: Timestamp;
  stated_at?: Timestamp;
  actor: Actor;
  type: T;
  data: EventData[T];
  /** Present (as 'simulated') only when written under the simulated clock (`CIC_NOW`). */
  clock?: 'simulated';
  prev: string;
  hash: string;
}

/** The chain head: what an appender must extend, and what a clerk records. */
export interface Head {
  /** seq of the last entry, -1 for an empty log. */
  seq: number;
  /** hash of the last entry, or the genesis value for an empty log. */
  hash: string;
}

/** Bytes after the last complete entry that are not an entry: what a crash mid-write leaves. */
export interface TornTail {
  /** Byte offset in log.jsonl where the damaged bytes start. */
  offset: number;
  length: number;
  /** SHA-256 (hex) of the damaged bytes. */
  sha256: string;
}

/** What `cic verify` reports (its `--json` output adds `head` as `seq:hash`). */
export interface VerifyReport {
  ok: boolean;
  incident: string;
  /** Entries that verified, in order from seq 0 (all of them when ok). */
  entries: number;
  /** The head of the entries that verified. */
  head: Head;
  /** seq of the first entry (or would-be entry) that does not verify; null when ok. */
  first_bad_seq: number | null;
  /** What is wrong, in words; null when ok. */
  problem: string | null;
  /** Set when the only damage is a torn or garbage last line (a crash), which `--repair` can quarantine. */
  torn_tail?: TornTail;
  /** The anchor checked, and whether the log still extends it. */
  anchor?: Head & { ok: boolean };
  /** How many of the verified entries were written under the simulated clock. */
  simulated: number;
}

export interface AppendContext {
  actor: Actor;
  /** The write time (machine clock or `CIC_NOW`). */
  at: Date;
  simulated: boolean;
}

export interface LogStore {
  /** Every entry, verified; throws IntegrityError on any damage. */
  readAll(incident: string): Promise<LogEntry[]>;
  /** The chain head, read from the tail (cost independent of the log's length). */
  head(incident: string): Promise<Head>;
  /**
   * Append events atomically under the incident's lock. `decide` is called with the verified
   * entries read under the lock, so the decision is made against the state that will be extended;
   * it returns the events to write (none = nothing written). Returns the written entries.
   */
  append(
    incident: string,
    ctx: AppendContext,
    decide: (entries: LogEntry[]) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<LogEntry[]>;
  /**
   * Append events that need no decision against the state (a note): under the lock, only the
   * tail is read to check the head, so the cost does not grow with the log. (It therefore sees a
   * torn or altered last entry, and refuses to write after it, but not damage further back.)
   *
   * Both appends validate every entry against its schema and refuse one over the size limit
   * (InputError) before writing anything; a failed write or fsync is undone where possible and
   * reported as nothing recorded (LogWriteError, exit 1); a busy lock is BusyError (exit 5).
   */
  appendEvents(incident: string, ctx: AppendContext, events: IncidentEvent[]): Promise<LogEntry[]>;
  /**
   * Check the whole log (and, given one, that it still extends `anchor`) without throwing: the
   * report `cic verify` prints. Damage is described, not thrown.
   */
  verify(incident: string, options?: { anchor?: Head }): Promise<VerifyReport>;
}

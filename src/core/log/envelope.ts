/**
 * The log entry envelope and what is said about a chain: the types the pure core and every store
 * share. The store interface itself is `src/io/log/store.ts`.
 */
import type { Actor, EventData, EventType } from '../incident/events.js';
import type { Timestamp } from '../playbook/model.js';

/** One line of `log.jsonl`, its fields in docs/clerk.md#an-entry. */
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

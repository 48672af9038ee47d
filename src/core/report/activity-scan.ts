/**
 * The part of the report that grows with the log, made an entry at a time so that a caller can
 * stream it: each entry's ICS 214 activity row (described in log order, so a fact's "(was …)" is
 * the value before it), the integrity section's simulated and backfilled entries, and the order
 * the rows are shown in (effective time, then seq).
 *
 * `buildReport` (./build.ts) runs it over entries held in memory; `cic report` runs it over the
 * log twice without holding the entries (docs/report-streaming.md): once to build the outline and
 * measure the rows, once to write them.
 */
import { collectText } from '../statements/texts.js';
import type { FoldEntry } from '../incident/fold.js';
import type { Playbook } from '../playbook/model.js';
import { activityContext, describeActivity, type ActivityContext } from './activity.js';
import type { ReportEntry } from './build.js';
import type { ActivityRow, BackfilledEntry } from './model.js';
import { Names } from './names.js';

/** Where a row goes in the activity log: by effective time (`stated_at ?? at`), then seq. */
export const activityKey = (e: Pick<ReportEntry, 'at' | 'stated_at'>): number => Date.parse(e.stated_at ?? e.at);

export class ActivityScan {
  readonly names: Names;
  private readonly ctx: ActivityContext;
  /** Seqs of the entries written under a simulated clock, in seq order. */
  readonly simulatedSeqs: number[] = [];
  /** The entries with a `stated_at`, in seq order. */
  readonly backfilled: BackfilledEntry[] = [];
  /** Every drafted version's words, by the seq of its entry (the statements part shows them). */
  readonly texts = new Map<number, string>();

  /** `tally: false` when the integrity lists were made by an earlier scan of the same entries. */
  constructor(
    playbook: Playbook,
    private readonly options: { names?: Names; tally?: boolean } = {},
  ) {
    this.names = options.names ?? new Names(playbook);
    this.ctx = activityContext(playbook);
  }

  /** The entry's activity row. Call in log order, each entry once. */
  row(e: ReportEntry): ActivityRow {
    const names = this.names;
    const recorded = names.time(e.at);
    const stated = e.stated_at === undefined ? null : names.time(e.stated_at);
    if (this.options.tally !== false) {
      collectText(this.texts, e as FoldEntry);
      if (e.clock === 'simulated') this.simulatedSeqs.push(e.seq);
      if (e.stated_at !== undefined)
        this.backfilled.push({
          seq: e.seq,
          type: e.type,
          by: names.person(e.actor),
          stated_at: stated!,
          recorded_at: recorded,
          gap_minutes: Math.floor((Date.parse(e.at) - Date.parse(e.stated_at)) / 60_000),
        });
    }
    return {
      seq: e.seq,
      at: stated ?? recorded,
      recorded_at: recorded,
      stated_at: stated,
      simulated: e.clock === 'simulated',
      by: names.person(e.actor),
      type: e.type,
      activity: describeActivity(e, this.ctx),
    };
  }
}

interface Held {
  key: number;
  row: ActivityRow;
}

/**
 * Rows described in log order, put in effective-time order without holding them all. The first
 * pass (`note`) keeps only the rows out of place: every backfilled one, and any other whose time is
 * earlier than an in-place row before it (a clock set back). The rows left in place are already in
 * order, so the second pass (`place`) merges them, as they come again, with the held ones: the
 * order a sort of every row by (effective time, seq) gives.
 */
export class ActivityOrder {
  private readonly held: Held[] = [];
  private readonly heldSeqs = new Set<number>();
  private last = -Infinity;
  private sorted = false;
  private next = 0;

  /** How many rows are held in memory. */
  get heldRows(): number {
    return this.held.length;
  }

  /** First pass: every row, in log order, with its entry's `activityKey`. */
  note(row: ActivityRow, key: number): void {
    if (row.stated_at === null && key >= this.last) {
      this.last = key;
      return;
    }
    this.held.push({ key, row });
    this.heldSeqs.add(row.seq);
  }

  /** Whether the second pass skips this seq (its row is held). */
  isHeld(seq: number): boolean {
    return this.heldSeqs.has(seq);
  }

  /** Second pass: each row not held, in log order; `emit` gets the rows in report order. */
  place(row: ActivityRow, key: number, emit: (row: ActivityRow) => void): void {
    this.sort();
    const held = this.held;
    while (this.next < held.length && before(held[this.next]!, key, row.seq)) emit(held[this.next++]!.row);
    emit(row);
  }

  /** After the second pass: the held rows later than every row in place. */
  finish(emit: (row: ActivityRow) => void): void {
    this.sort();
    while (this.next < this.held.length) emit(this.held[this.next++]!.row);
  }

  private sort(): void {
    if (this.sorted) return;
    this.held.sort((a, b) => a.key - b.key || a.row.seq - b.row.seq);
    this.sorted = true;
  }
}

const before = (h: Held, key: number, seq: number) => h.key < key || (h.key === key && h.row.seq < seq);

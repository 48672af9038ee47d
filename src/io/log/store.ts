/**
 * The log store interface: the only way commands read and write an incident's log. The folder
 * store (`file-store.ts`) implements it.
 *
 * Cost that does not grow with the log: readers go through `readEach` (one entry at a time, none
 * kept), and recording commands through `appendToState`, which a store may answer from a state it
 * keeps (the folder store keeps the fold beside the log, src/io/log/state-file.ts). A store
 * without one implements `appendToState` with `appendFoldingAll` below: correct, only slower.
 */
import type { IncidentEvent } from '../../core/incident/events.js';
import { fold } from '../../core/incident/fold.js';
import type { IncidentState } from '../../core/incident/state.js';
import type { AppendContext, Head, LogEntry, VerifyReport } from '../../core/log/envelope.js';
import type { IncidentId } from '../../core/ids.js';

export interface LogStore {
  /** Every entry, verified; throws IntegrityError on any damage. */
  readAll(incident: IncidentId): Promise<LogEntry[]>;
  /**
   * Every entry that verifies, in seq order, handed to `onEntry` one at a time and not kept (so
   * memory does not grow with the log), each exactly once; resolves with the verify report of the
   * whole log. Damage is described in the report, not thrown: the entries before it were
   * delivered (the after-action report covers that prefix). An entry of a type this version of
   * cic does not know ends the delivered prefix as damage would, and the report says so
   * (`ok: false`, its seq as `first_bad_seq`).
   */
  readEach(incident: IncidentId, onEntry: (entry: LogEntry) => void): Promise<VerifyReport>;
  /** The chain head, read from the tail (cost independent of the log's length). */
  head(incident: IncidentId): Promise<Head>;
  /**
   * Append events atomically under the incident's lock. `decide` is called with the verified
   * entries read under the lock, so the decision is made against the state that will be extended;
   * it returns the events to write (none = nothing written). Returns the written entries.
   */
  append(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (entries: LogEntry[]) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<LogEntry[]>;
  /**
   * Like `append`, but `decide` gets the incident's state (the fold of every entry the append will
   * extend), not the entries: a store may keep that state rather than re-read the whole log under
   * the lock. Returns the written entries and the state they were decided on (`before`; the caller
   * owns it).
   */
  appendToState(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (state: IncidentState) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<{ written: LogEntry[]; before: IncidentState }>;
  /**
   * Append events that need no decision against the state (a note): under the lock, only the
   * tail is read to check the head, so the cost does not grow with the log. (It therefore sees a
   * torn or altered last entry, and refuses to write after it, but not damage further back.)
   *
   * Both appends validate every entry against its schema and refuse one over the size limit
   * (InputError) before writing anything; a failed write or fsync is undone where possible and
   * reported as nothing recorded (LogWriteError, exit 1); a busy lock is BusyError (exit 5).
   */
  appendEvents(incident: IncidentId, ctx: AppendContext, events: IncidentEvent[]): Promise<LogEntry[]>;
  /**
   * Check the whole log (and, given one, that it still extends `anchor`) without throwing: the
   * report `cic verify` prints. Damage is described, not thrown.
   */
  verify(incident: IncidentId, options?: { anchor?: Head }): Promise<VerifyReport>;
}

/** `appendToState` for a store that keeps no state: every entry read and folded under the lock. */
export async function appendFoldingAll(
  store: Pick<LogStore, 'append'>,
  incident: IncidentId,
  ctx: AppendContext,
  decide: (state: IncidentState) => IncidentEvent[] | Promise<IncidentEvent[]>,
): Promise<{ written: LogEntry[]; before: IncidentState }> {
  let before: IncidentState | undefined;
  const written = await store.append(incident, ctx, (entries) => decide((before = fold(entries, incident))));
  return { written, before: before! };
}

/**
 * The store interface: the only way commands reach a workspace's incidents — their logs, frozen
 * playbooks and drafts. Two stores implement it and give the same answers for the same entries:
 * the folder store (`file-store.ts`, the default) and the PostgreSQL store (`src/io/pg/pg-store.ts`,
 * a city's shared record; docs/postgres.md). `openStore` (`src/io/store/open-store.ts`) picks one.
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
import type { StateReads } from '../../core/incident/state-reads.js';
import type { AppendContext, Head, LogEntry, VerifyReport } from '../../core/log/envelope.js';
import type { LoadedPlaybook } from '../../core/playbook/model.js';
import type { IncidentId } from '../../core/ids.js';
import type { Identity } from '../store/identity.js';
import type { RosterChange, RosterLine } from '../../core/roster/roster.js';
import type { VersionRef } from './statement-texts.js';

/** Open or closed, from the latest closing or reopening entry; 'empty' before the first entry. */
export type Lifecycle = 'open' | 'closed' | 'empty';

export interface LogStore {
  /** 'folder' or 'postgres'. */
  readonly kind: StoreKind;
  /** Where the store is, for messages: the folder, or `postgres://user@host:port/db` (no password). */
  readonly where: string;

  /** Every entry, verified; throws IntegrityError on any damage. */
  readAll(incident: IncidentId): Promise<LogEntry[]>;
  /**
   * Every entry that verifies, in seq order, handed to `onEntry` one at a time and not kept (so
   * memory does not grow with the log), each exactly once; resolves with the verify report of the
   * whole log. Damage is described in the report, not thrown: the entries before it were
   * delivered (the after-action report covers that prefix). An entry of a type this version of
   * cic does not know ends the delivered prefix as damage would, and the report says so
   * (`ok: false`, its seq as `first_bad_seq`). `pace`, when given, is awaited now and then (between
   * chunks of the log): a reader passing entries on to a slow consumer waits there for it.
   */
  readEach(
    incident: IncidentId,
    onEntry: (entry: LogEntry) => void,
    options?: { pace?: () => Promise<void> | void },
  ): Promise<VerifyReport>;
  /**
   * The words of these statement versions, by seq, read from their `statement.drafted` entries:
   * the state `appendToState` gives holds each version's seq and SHA-256, not its words
   * (src/core/statements/texts.ts). Each entry's own hash is checked and its words must hash to
   * the version's SHA-256 (IntegrityError, exit 3, otherwise). The cost is a few small reads per
   * version, whatever the log's length.
   */
  statementTexts(incident: IncidentId, versions: readonly VersionRef[]): Promise<Map<number, string>>;
  /** The chain head, read from the tail (cost independent of the log's length). */
  head(incident: IncidentId): Promise<Head>;
  /**
   * Append events atomically, serialised per incident. `decide` is called with the verified
   * entries the append will extend, so the decision is made against that state; it returns the
   * events to write (none = nothing written). Returns the written entries, durably committed.
   */
  append(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (entries: LogEntry[]) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<LogEntry[]>;
  /**
   * Like `append`, but `decide` gets the incident's state (the fold of every entry the append will
   * extend), not the entries: a store may keep that state rather than re-read the whole log under
   * the lock. The state holds at least the parts `reads` names (src/core/incident/state-reads.ts;
   * all of it by default), and a store may leave the rest out: a command about one action then
   * costs what it costs on a short incident. Returns the written entries and the state they were
   * decided on (`before`; the caller owns it).
   */
  appendToState(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (state: IncidentState) => IncidentEvent[] | Promise<IncidentEvent[]>,
    reads?: StateReads,
  ): Promise<{ written: LogEntry[]; before: IncidentState }>;
  /**
   * Append events that need no decision against the state (a note): under the lock, only the
   * tail is read to check the head, so the cost does not grow with the log. (It therefore sees a
   * torn or altered last entry, and refuses to write after it, but not damage further back.)
   *
   * Both appends validate every entry against its schema and refuse one over the size limit
   * (InputError) before writing anything; a failed write is reported as nothing recorded
   * (LogWriteError, exit 1); a busy incident is BusyError (exit 5).
   */
  appendEvents(incident: IncidentId, ctx: AppendContext, events: IncidentEvent[]): Promise<LogEntry[]>;
  /**
   * Check the whole log (and, given one, that it still extends `anchor`) without throwing: the
   * report `cic verify` prints. Damage is described, not thrown.
   */
  verify(incident: IncidentId, options?: { anchor?: Head }): Promise<VerifyReport>;
  /** The exact lines of the log, in order (each without its newline): what `cic store copy` moves. */
  lines(incident: IncidentId): Promise<string[]>;

  /** Every incident that has a log, oldest id first. */
  listIncidents(): Promise<IncidentId[]>;
  /** Open or closed, from the end of the log (not a verification). */
  lifecycle(incident: IncidentId): Promise<Lifecycle>;
  /** The incident's title from its first entry, for listings; '' if unreadable. */
  title(incident: IncidentId): Promise<string>;
  /** Make a new, empty incident under this frozen playbook; returns its id (`YYYY-NNNN`). */
  createIncident(loaded: LoadedPlaybook, now: Date): Promise<IncidentId>;
  /** Remove an incident `createIncident` made whose log is still empty (an opening that failed). */
  discardIfEmpty(incident: IncidentId): Promise<void>;
  /** The playbook the incident was opened under (`fresh`: re-read and re-check the source). */
  frozenPlaybook(incident: IncidentId, options?: { fresh?: boolean; keepCache?: boolean }): Promise<LoadedPlaybook>;
  /** The frozen playbook's exact text (YAML), as frozen when the incident was opened. */
  frozenSource(incident: IncidentId): Promise<string>;
  /** Put an incident whose frozen playbook is `source` in place, with no entries (`cic store copy`). */
  importIncident(incident: IncidentId, source: string): Promise<void>;
  /** Append already-sealed lines verbatim after checking they extend the head (`cic store copy`). */
  importLines(incident: IncidentId, lines: readonly string[]): Promise<void>;

  /** Who the store recognises as acting, and whether a roster exists (src/io/store/identity.ts). */
  identify(): Promise<Identity>;
  /** The roster's chained log, line by line (src/core/roster/roster.ts); [] when there is none. */
  rosterLines(): Promise<string[]>;
  /** Put a roster's lines in place verbatim, keeping their authors (`cic store copy`); only into an empty roster. */
  importRoster(lines: readonly string[]): Promise<void>;
  /** Record a change to the roster as the person recognised here; only a keeper may (exit 4). */
  changeRoster(change: RosterChange, at: Date): Promise<RosterLine>;

  /**
   * Drafts. Every version's words are in its `statement.drafted` entry: that is the record, and
   * every store can show them (`cic statements STATEMENT --show N`). The folder store also keeps a
   * copy of each version in the incident's `drafts/` for people to read and edit there
   * (`keepsDraftCopies`); the PostgreSQL store keeps none, so nothing about a draft is left on one
   * person's machine: there a draft is edited through $EDITOR on a private temporary file
   * (`cic draft STATEMENT --edit`) or from a file anywhere (`--register FILE`), and written out only
   * where asked (`cic statements STATEMENT --export DIR`). docs/drafts.md describes both.
   *
   * The methods below are about those copies: on a store that keeps none, a copy is never there
   * (`readDraft` and `draftSha256` answer undefined) and keeping or removing one does nothing.
   */
  readonly keepsDraftCopies: boolean;
  /** The copy of a version (`drafts/<statement>.v<N>.md`) as it is now, or undefined when there is none. */
  readDraft(incident: IncidentId, file: string): Promise<string | undefined>;
  /** SHA-256 of a copy's text as it is now, or undefined when there is none. */
  draftSha256(incident: IncidentId, file: string): Promise<string | undefined>;
  /**
   * Keep a copy of a draft durably before the entry that binds its digest is appended. An
   * unrecorded copy of the same name is replaced; callers check that it is not somebody's edit.
   */
  writeDraft(incident: IncidentId, file: string, text: string): Promise<void>;
  /** Remove a copy written for an entry that was not appended. */
  removeDraft(incident: IncidentId, file: string): Promise<void>;
  /** Where a copy is, for messages and the editor (a path on the folder store). */
  draftLocation(incident: IncidentId, file: string): string;
  /**
   * Every draft copy the store holds for the incident, logged or not, with its SHA-256 now (what
   * `cic verify` compares with the log): the folder's `drafts/*.md`; on PostgreSQL only rows an
   * earlier cic left in `cic.drafts`.
   */
  draftCopies(incident: IncidentId): Promise<{ file: string; sha256: string }[]>;

  /**
   * Keep the after-action report's rendered files (`report-<ID>.<ext>`) in the store itself, all
   * together or none, replacing the ones kept before; returns where each went, for messages. Only
   * a store that has no folder of the workspace to put them in has this (PostgreSQL); the folder
   * store's reports are files in the incident's `reports/`.
   */
  keepReports?(incident: IncidentId, files: readonly { name: string; body: Uint8Array }[]): Promise<string[]>;

  /**
   * Keep a briefing packet as it was sent (`cic brief`) in the store itself: its Markdown, whose
   * SHA-256 the `board.briefed` entry at `seq` records, and its HTML. Returns where each went, for
   * messages. Only a store with no folder of the workspace to put them in has this (PostgreSQL);
   * the folder store's packets are files in the incident's `briefings/`.
   */
  keepPacket?(incident: IncidentId, seq: number, files: readonly { name: string; body: string }[]): Promise<string[]>;
  /** Put a packet copied from another store beside its entry (`cic store copy`, by the DBA). */
  importPacket?(incident: IncidentId, seq: number, files: readonly { name: string; body: string }[]): Promise<void>;
  /** Every packet file `keepPacket` kept, as it is now (what `cic verify` compares with the log). */
  keptPackets?(incident: IncidentId): Promise<PacketFile[]>;
  /**
   * Replace the model of the frozen playbook the store keeps in itself with `playbook`, loaded
   * afresh from the frozen YAML (`cic verify --repair`; PostgreSQL). The folder store's model is
   * `.playbook.json` in the incident's folder.
   */
  rebuildPlaybookModel?(incident: IncidentId, playbook: LoadedPlaybook['playbook']): Promise<void>;

  /** Release connections (the folder store holds none). */
  close(): Promise<void>;
}

export type StoreKind = 'folder' | 'postgres';

/** A briefing packet's file (`packet-N-<stamp>.md` or `.html`) as a store holds it now. */
export interface PacketFile {
  file: string;
  packet: number;
  body: string;
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

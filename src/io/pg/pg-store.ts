/**
 * The PostgreSQL store: a city's shared record (docs/postgres.md). The same canonical lines and
 * hash chain as the folder store, each kept as its exact text in `cic.entries`.
 *
 * Append = one transaction: take the incident's head row (`cic.lock_head`, a row lock, so appends
 * to one incident queue in the database and readers never wait), read what the decision needs,
 * seal the entries, hand them to `cic.append` — which checks the session's login against the
 * roster, each entry's chain link and hash, and that the head is still the one extended — then
 * COMMIT without waiting for the disk, and wait for it outside the lock (`transaction`). Only
 * once the entry is on disk does cic say "recorded" (docs/postgres.md).
 *
 * Readers that need only the fold (`foldedState`) and recording (`appendToState`) start from the
 * state kept in `cic.states` (docs/postgres.md, "The kept state"); `verify` checks everything.
 */
import { hash } from 'node:crypto';
import { BusyError, CicError, InputError, IntegrityError, PermissionError } from '../../core/errors.js';
import type { IncidentEvent } from '../../core/incident/events.js';
import { draftEntry, sealEntry } from '../../core/log/entry.js';
import type { AppendContext, Head, LogEntry, VerifyReport } from '../../core/log/envelope.js';
import { ChainVerifier, checkLine, feedLines, verifyBytes, type Resume } from '../../core/log/verify.js';
import { lastHash } from '../../core/log/line.js';
import { evolve, fold, foldInto, initialState } from '../../core/incident/fold.js';
import { parseState, stateJson, STATE_FORMAT } from '../log/state-file.js';
import type { SavedStateCheck } from '../log/state-check.js';
import { canonicalJson } from '../../core/log/canonical.js';
import { loggedText, type VersionRef } from '../log/statement-texts.js';
import type { LoadedPlaybook } from '../../core/playbook/model.js';
import { entryValidator } from '../log/entry-schema.js';
import { CHECKPOINT_ENTRIES, checkImported, damaged, seal } from '../log/file-store.js';
import { collectText } from '../../core/statements/texts.js';
import { EVENT_TYPES } from '../../core/log/entry.js';
import { visible, oneLine } from '../../core/text/visible.js';
import type { Lifecycle, LogStore, PacketFile } from '../log/store.js';
import type { IncidentState } from '../../core/incident/state.js';
import type { Identity } from '../store/identity.js';
import { sealRosterLine, type RosterChange, type RosterLine } from '../../core/roster/roster.js';
import { LogWriteError } from '../log/write-error.js';
import { draftPathOf } from '../workspace/draft-files.js';
import { parseIncidentId, type IncidentId } from '../../core/ids.js';
import { playbookCacheFormat, titleOfFirstLine, yearIn } from '../workspace/incidents.js';
import type { QueryResult, QueryResultRow } from 'pg';
import { addressOf, connect, describeAddress, type PgClient, type PgError } from './connect.js';
import { checkVersion, schemaVersion } from './migrations.js';
import { loadPlaybookText } from './playbook-text.js';

/** Who the database says this session is, and what the roster gives them (undefined: no roster). */
export interface Session {
  login: string;
  person?: { name: string; roles: string[]; keeper: boolean };
  rosterSize: number;
}

export class PgStore implements LogStore {
  readonly kind = 'postgres' as const;
  readonly keepsDraftCopies = false;
  private client: Promise<PgClient> | undefined;
  private session: Session | undefined;
  /** The last entry this run saw committed: what a later lost connection must not call unrecorded. */
  private lastCommitted: { incident: IncidentId; seq: number } | undefined;

  /** How far the log may run past the kept state before recording keeps it again. */
  private readonly checkpoint: number;

  constructor(
    private readonly url: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    options: { checkpointEntries?: number } = {},
  ) {
    this.checkpoint = Math.max(1, options.checkpointEntries ?? CHECKPOINT_ENTRIES);
  }

  get where(): string {
    try {
      const u = new URL(this.url);
      u.password = '';
      return u.toString();
    } catch {
      return 'postgres://…';
    }
  }

  /** The connection, made on first use and checked: schema version, durability, encoding. */
  db(): Promise<PgClient> {
    this.client ??= (async () => {
      const client = await connect(this.url, this.env);
      try {
        const where = `the PostgreSQL database at ${describeAddress(addressOf(client))}`;
        checkVersion(await schemaVersion(client), where);
        const r = await client.query<{ fsync: string; enc: string; login: string }>(
          "SELECT current_setting('fsync') AS fsync, current_setting('server_encoding') AS enc, session_user AS login",
        );
        const row = r.rows[0]!;
        if (row.enc !== 'UTF8')
          throw new InputError(
            `${where} uses the ${row.enc} encoding; cic needs UTF8`,
            'Ask the DBA for a UTF8 database.',
          );
        if (row.fsync !== 'on')
          throw new InputError(
            `${where} runs with fsync off, so a commit would not survive a crash; cic will not record there`,
            'Ask the DBA to turn fsync on.',
          );
        return client;
      } catch (err) {
        await client.end().catch(() => undefined);
        throw mapError(err, 'the database');
      }
    })();
    return this.client;
  }

  async close(): Promise<void> {
    const pending = this.client;
    this.client = undefined;
    if (pending) await (await pending.catch(() => undefined))?.end().catch(() => undefined);
  }

  /**
   * A read outside any append. A connection lost here is a fault (exit 6), never a bug: nothing
   * was recorded by it, and whether this run recorded anything before it is known exactly.
   */
  private async read<R extends QueryResultRow>(what: string, sql: string, params?: unknown[]): Promise<QueryResult<R>> {
    try {
      const db = await this.db();
      return await db.query<R>(sql, params);
    } catch (err) {
      if (err instanceof CicError || !isConnectionLoss(err as PgError)) throw err;
      this.client = undefined;
      const e = err as PgError;
      if (this.lastCommitted === undefined)
        throw new LogWriteError(
          `the connection to the database was lost while reading ${what} (${e.message}); nothing was recorded`,
          'When the server is back, run the command again.',
        );
      const { incident, seq } = this.lastCommitted;
      throw new LogWriteError(
        `the connection to the database was lost after entry #${seq} of incident ${incident} was committed; it WAS recorded, and nothing after it was`,
        `When the server is back, look with \`cic log ${incident}\`; do not record it again.`,
      );
    }
  }

  /** The session's login and roster entry. */
  async whoami(): Promise<Session> {
    if (this.session) return this.session;
    const r = await this.read<{
      login: string;
      name: string | null;
      roles: string[] | null;
      keeper: boolean | null;
      n: string;
    }>(
      'who this login is',
      `SELECT session_user AS login, p.name, p.roles, p.keeper, (SELECT count(*) FROM cic.people) AS n
         FROM (SELECT 1) one LEFT JOIN cic.people p ON p.login = session_user`,
    );
    const row = r.rows[0]!;
    this.session = {
      login: row.login,
      rosterSize: Number(row.n),
      ...(row.name !== null ? { person: { name: row.name, roles: row.roles ?? [], keeper: Boolean(row.keeper) } } : {}),
    };
    return this.session;
  }

  async identify(): Promise<Identity> {
    const s = await this.whoami();
    return {
      user: `pg:${s.login}`,
      login: s.login,
      roster: s.rosterSize > 0,
      ...(s.person ? { person: { login: s.login, ...s.person } } : {}),
    };
  }

  async rosterLines(): Promise<string[]> {
    const r = await this.read<{ line: string }>('the roster', 'SELECT line FROM cic.roster_log ORDER BY seq');
    return r.rows.map((x) => x.line);
  }

  async importRoster(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const db = await this.db();
    try {
      await db.query('SELECT cic.import_roster($1)', [lines]);
    } catch (err) {
      if ((err as PgError).code === '55000')
        throw new InputError(`${this.where} already has a roster`, 'Copy into a database without one.');
      throw mapError(err, 'the roster');
    }
    this.session = undefined;
  }

  async changeRoster(change: RosterChange, at: Date): Promise<RosterLine> {
    const db = await this.db();
    const me = await this.whoami();
    const h = await this.read<{ seq: string; hash: string }>('the roster', 'SELECT seq, hash FROM cic.roster_head');
    const head = { seq: Number(h.rows[0]!.seq), hash: h.rows[0]!.hash };
    const sealed = sealRosterLine(head, at, { login: me.login, name: me.person?.name ?? me.login }, change);
    try {
      await db.query('SELECT cic.roster_change($1)', [sealed.line]);
    } catch (err) {
      throw mapError(err, 'the roster');
    }
    this.session = undefined;
    return sealed.entry;
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** The whole log as bytes (each line with its newline) and the frozen playbook's digest. */
  private async logBytes(incident: IncidentId, db?: PgClient): Promise<{ bytes: Buffer; sha256: string }> {
    const sql = `SELECT i.playbook_sha256 AS sha,
              (SELECT string_agg(e.line || E'\n', '' ORDER BY e.seq) FROM cic.entries e WHERE e.incident = i.id) AS log
         FROM cic.incidents i WHERE i.id = $1`;
    // Inside an append the transaction answers for a lost connection; outside, read() does.
    const r = db
      ? await db.query<{ sha: string; log: string | null }>(sql, [incident])
      : await this.read<{ sha: string; log: string | null }>(`the log of incident ${incident}`, sql, [incident]);
    const row = r.rows[0];
    if (!row) throw noIncident(incident);
    return { bytes: Buffer.from(row.log ?? '', 'utf8'), sha256: row.sha };
  }

  async readAll(incident: IncidentId): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    const report = await this.readEach(incident, (e) => entries.push(e));
    if (!report.ok) throw damaged(report);
    return entries;
  }

  /**
   * The log read in chunks of `READ_CHUNK` entries in seq order, each verified and handed on while
   * the server already aggregates the next: the database's work and this process's overlap, and
   * the whole log is never one string. Every row is read (the next chunk starts after the last
   * seq seen, not at a seq computed from the head), so rows a head does not account for are still
   * verified, as the folder store reads its whole file.
   */
  async readEach(
    incident: IncidentId,
    onEntry: (entry: LogEntry) => void,
    options: { pace?: () => Promise<void> | void } = {},
  ): Promise<VerifyReport> {
    const meta = await this.read<{ sha: string }>(
      `the log of incident ${incident}`,
      'SELECT playbook_sha256 AS sha FROM cic.incidents WHERE id = $1',
      [incident],
    );
    if (!meta.rows[0]) throw noIncident(incident);
    return this.readFrom(incident, meta.rows[0].sha, undefined, onEntry, options.pace);
  }

  /**
   * The log's entries after `from` (from the first without it), in chunks of `READ_CHUNK` in seq
   * order, each verified and handed on while the server already aggregates the next: the
   * database's work and this process's overlap, and the whole log is never one string. Every row
   * is read (the next chunk starts after the last seq seen, not at a seq computed from the head),
   * so rows a head does not account for are still verified, as the folder store reads its whole
   * file.
   */
  private async readFrom(
    incident: IncidentId,
    playbookSha256: string,
    from: Resume | undefined,
    onEntry: (entry: LogEntry) => void,
    pace?: () => Promise<void> | void,
  ): Promise<VerifyReport> {
    const what = `the log of incident ${incident}`;
    const visit = unknownTypeGuard(onEntry);
    const verifier = new ChainVerifier(
      { incident, playbookSha256, onEntry: visit.onLine, ...(from ? { from } : {}) },
      Number.POSITIVE_INFINITY, // every line arrives whole, so none is a torn tail
    );
    const chunk = (after: number) =>
      this.read<{ log: string | null; n: string; last: string | null }>(
        what,
        `SELECT string_agg(line || E'\n', '' ORDER BY seq) AS log, count(*) AS n, max(seq) AS last
           FROM (SELECT line, seq FROM cic.entries WHERE incident = $1 AND seq > $2 ORDER BY seq LIMIT $3) c`,
        [incident, after, READ_CHUNK],
      );
    let next = chunk(from ? from.head.seq : -1);
    for (;;) {
      const row = (await next).rows[0]!;
      const full = Number(row.n) === READ_CHUNK;
      if (full) next = chunk(Number(row.last)); // sent now, aggregated while this chunk is verified
      const bytes = Buffer.from(row.log ?? '', 'utf8');
      const stopped = feedLines(verifier, bytes, 0, bytes.length, true) < 0 || visit.stopped();
      if (!full) break;
      if (stopped) {
        await next; // the query already sent is read off the connection before it is used again
        break;
      }
      await pace?.();
    }
    return visit.report(verifier.report(() => ''));
  }

  /**
   * The incident's state now, for readers that need only the fold (`cic status`, `cic list`), with
   * the words of every statement version it holds, and the report of the entries read.
   *
   * It starts from the state kept in `cic.states` when the log still has that state's entry at its
   * seq with its hash (the line's own hash re-checked, as recording checks it), and reads, verifies
   * and folds only the entries after it; else every entry is read, verified and folded. Why the
   * entries before a kept state are not checked again here: on PostgreSQL no city login can
   * change or remove an entry (grants and triggers, docs/postgres.md), so re-proving the whole
   * chain on every status would re-prove what the database enforces; a DBA who edits rows is what
   * `cic verify` (the whole chain, and the kept state against the fold) is for.
   */
  async foldedState(
    incident: IncidentId,
  ): Promise<{ state: IncidentState; texts: Map<number, string>; report: VerifyReport }> {
    const r = await this.read<{
      sha: string;
      seq: string | null;
      hash: string | null;
      state: string | null;
      line: string | null;
    }>(
      `the state of incident ${incident}`,
      `SELECT i.playbook_sha256 AS sha, s.seq, s.hash, s.state, x.line
         FROM cic.incidents i
         LEFT JOIN cic.states s ON s.incident = i.id AND s.format = $2
         LEFT JOIN cic.entries x ON x.incident = s.incident AND x.seq = s.seq AND x.hash = s.hash
        WHERE i.id = $1`,
      [incident, STATE_FORMAT],
    );
    const row = r.rows[0];
    if (!row) throw noIncident(incident);
    const kept = keptState(incident, row);
    const state = kept?.state ?? initialState(incident);
    const texts = new Map<number, string>();
    const from: Resume | undefined = kept && { offset: 0, head: kept.mark, simulated: 0 };
    const report = await this.readFrom(incident, row.sha, from, (entry) => {
      foldInto(state, entry);
      collectText(texts, entry);
    });
    if (kept && report.ok) {
      // The words of versions drafted before the kept state: read from their entries (each checked).
      const older = Object.values(state.statements).flatMap((st) => st.versions.filter((v) => v.seq <= kept.mark.seq));
      for (const [seq, text] of await this.statementTexts(incident, older)) texts.set(seq, text);
    }
    return { state, texts, report };
  }

  async statementTexts(incident: IncidentId, versions: readonly VersionRef[]): Promise<Map<number, string>> {
    const texts = new Map<number, string>();
    if (versions.length === 0) return texts;
    const r = await this.read<{ seq: string; line: string }>(
      `statement texts of incident ${incident}`,
      'SELECT seq, line FROM cic.entries WHERE incident = $1 AND seq = ANY($2::bigint[])',
      [incident, versions.map((v) => v.seq)],
    );
    const lines = new Map(r.rows.map((row) => [Number(row.seq), row.line]));
    for (const v of versions) {
      const line = lines.get(v.seq);
      const problem = line === undefined ? 'it is missing' : checkLine(line, incident, v.seq, undefined);
      if (problem !== undefined)
        throw new IntegrityError(
          `entry #${v.seq} of incident ${incident}, which holds the words of ${v.file}, does not verify: ${problem}`,
          `Run \`cic verify ${incident}\`.`,
        );
      texts.set(v.seq, loggedText(line!, v, incident));
    }
    return texts;
  }

  async head(incident: IncidentId): Promise<Head> {
    const r = await this.read<{ seq: string; hash: string }>(
      `the head of incident ${incident}`,
      'SELECT seq, hash FROM cic.heads WHERE incident = $1',
      [incident],
    );
    if (!r.rows[0]) throw noIncident(incident);
    return { seq: Number(r.rows[0].seq), hash: r.rows[0].hash };
  }

  async verify(incident: IncidentId, options: { anchor?: Head } = {}): Promise<VerifyReport> {
    const { bytes, sha256 } = await this.logBytes(incident);
    return verifyBytes(bytes, {
      incident,
      playbookSha256: sha256,
      ...(options.anchor ? { anchor: options.anchor } : {}),
    });
  }

  /**
   * `verify`, and in the same pass whether the state kept in `cic.states` is the fold of the log up
   * to its entry (what `cic status` and recording start from while the log has that entry): the
   * log and the row are read in one statement, so they are one snapshot. `by` names the login
   * that kept the state, for a state that differs.
   */
  async verifyWithState(
    incident: IncidentId,
    options: { anchor?: Head } = {},
  ): Promise<{ report: VerifyReport; savedState: SavedStateCheck; by?: string }> {
    const r = await this.read<{
      sha: string;
      log: string | null;
      seq: string | null;
      hash: string | null;
      state: string | null;
      by: string | null;
    }>(
      `the log of incident ${incident}`,
      `SELECT i.playbook_sha256 AS sha, s.seq, s.hash, s.state, s.written_by AS by,
              (SELECT string_agg(e.line || E'\n', '' ORDER BY e.seq) FROM cic.entries e WHERE e.incident = i.id) AS log
         FROM cic.incidents i LEFT JOIN cic.states s ON s.incident = i.id AND s.format = $2
        WHERE i.id = $1`,
      [incident, STATE_FORMAT],
    );
    const row = r.rows[0];
    if (!row) throw noIncident(incident);
    const markSeq = row.seq === null ? -1 : Number(row.seq);
    const folded = initialState(incident);
    let line: string | null = null;
    let foldFailed = false;
    const report = verifyBytes(Buffer.from(row.log ?? '', 'utf8'), {
      incident,
      playbookSha256: row.sha,
      ...(options.anchor ? { anchor: options.anchor } : {}),
      onEntry: (text, seq) => {
        if (seq > markSeq || foldFailed) return;
        if (seq === markSeq) line = text;
        try {
          foldInto(folded, JSON.parse(text) as LogEntry);
        } catch {
          foldFailed = true; // an entry this version cannot fold: verify reports the log's own problems
        }
      },
    });
    if (row.seq === null) return { report, savedState: 'none' };
    if (foldFailed || (!report.ok && (report.first_bad_seq ?? 0) <= markSeq))
      return { report, savedState: 'unchecked' };
    const kept = keptState(incident, { ...row, line });
    if (!kept) return { report, savedState: 'unused' };
    const same = (x: unknown) => canonicalJson(JSON.parse(JSON.stringify(x)));
    const ok = row.state === stateJson(folded) || same(kept.state) === same(folded);
    return ok ? { report, savedState: 'ok' } : { report, savedState: 'differs', by: row.by ?? '' };
  }

  async lines(incident: IncidentId): Promise<string[]> {
    const { bytes, sha256 } = await this.logBytes(incident);
    const report = verifyBytes(bytes, { incident, playbookSha256: sha256 });
    if (!report.ok) throw damaged(report);
    const text = bytes.toString('utf8');
    return text === '' ? [] : text.slice(0, -1).split('\n');
  }

  // ---- appending -------------------------------------------------------------------------------

  async appendEvents(incident: IncidentId, ctx: AppendContext, events: IncidentEvent[]): Promise<LogEntry[]> {
    if (events.length === 0) return [];
    const check = await entryValidator();
    for (const e of events) sealEntry(draftEntry(incident, Number.MAX_SAFE_INTEGER, '0'.repeat(64), ctx, e), check);
    return this.transaction(incident, async (db, head) => {
      const sealed = seal(incident, head, ctx, events, check);
      return { lines: sealed.map((s) => s.line), result: sealed.map((s) => s.entry) };
    });
  }

  async append(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (entries: LogEntry[]) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<LogEntry[]> {
    const check = await entryValidator();
    return this.transaction(incident, async (db, head) => {
      // Under the head lock: exactly the entries this append extends.
      const { bytes, sha256 } = await this.logBytes(incident, db);
      const entries: LogEntry[] = [];
      const report = eachEntry(bytes, incident, sha256, (e) => entries.push(e));
      if (!report.ok) throw damaged(report);
      if (report.head.seq !== head.seq || report.head.hash !== head.hash)
        throw new IntegrityError(
          `the head of incident ${incident} (#${head.seq}) is not the last entry of its log (#${report.head.seq}); nothing was recorded`,
          `Run \`cic verify ${incident}\`.`,
        );
      const events = await decide(entries);
      const sealed = seal(incident, head, ctx, events, check);
      return { lines: sealed.map((s) => s.line), result: sealed.map((s) => s.entry) };
    });
  }

  /**
   * Append against the incident's state. Under the head lock, the state kept in `cic.states` is
   * used when it was folded up to an entry this log still has (whose line is re-checked), with
   * the entries after it verified and folded in; else the whole log is read and folded. The state
   * after the written entries is kept in the same transaction once the log has moved
   * `CHECKPOINT_ENTRIES` past the kept one (as the folder store saves its own): keeping rewrites
   * the whole state (about 1 MB at 100,000 entries), folding those few entries again costs less.
   * The kept state is one JSON text, read whole: a command that reads only some parts of it
   * (LogStore.appendToState's `reads`) gets them all.
   */
  async appendToState(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (state: IncidentState) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<{ written: LogEntry[]; before: IncidentState }> {
    const check = await entryValidator();
    return this.transaction(incident, async (db, head) => {
      const { state: before, behind } = await this.stateAt(db, incident, head);
      const events = await decide(before);
      const sealed = seal(incident, head, ctx, events, check);
      const written = sealed.map((s) => s.entry);
      const last = written.at(-1);
      const keep = last !== undefined && behind + written.length >= this.checkpoint;
      return {
        lines: sealed.map((s) => s.line),
        result: { written, before },
        after: keep
          ? (db2: PgClient) =>
              keepState(
                db2,
                incident,
                last,
                written.reduce<IncidentState>((st, e) => evolve(st, e), before),
              )
          : undefined,
      };
    });
  }

  /**
   * The fold up to `head` (call under the head lock): the kept state brought up to it, or the
   * whole log; `behind` is how many entries were folded past a kept state (all of them without one).
   */
  private async stateAt(
    db: PgClient,
    incident: IncidentId,
    head: Head,
  ): Promise<{ state: IncidentState; behind: number }> {
    const r = await db.query<{ seq: string; hash: string; state: string; line: string; tail: string | null }>(
      `SELECT s.seq, s.hash, s.state, x.line,
              (SELECT string_agg(e.line || E'\n', '' ORDER BY e.seq) FROM cic.entries e
                WHERE e.incident = s.incident AND e.seq > s.seq) AS tail
         FROM cic.states s JOIN cic.entries x ON x.incident = s.incident AND x.seq = s.seq AND x.hash = s.hash
        WHERE s.incident = $1 AND s.format = $2 AND s.seq <= $3`,
      [incident, STATE_FORMAT, head.seq],
    );
    const kept = r.rows[0] && keptState(incident, r.rows[0]);
    let state: IncidentState;
    let report: VerifyReport;
    let behind = 0;
    if (kept) {
      const s = (state = kept.state);
      const onEntry = (e: LogEntry) => {
        foldInto(s, e);
        behind++;
      };
      report = eachEntry(Buffer.from(r.rows[0]!.tail ?? '', 'utf8'), incident, '', onEntry, {
        offset: 0,
        head: kept.mark,
        simulated: 0,
      });
    } else {
      const { bytes, sha256 } = await this.logBytes(incident, db);
      const entries: LogEntry[] = [];
      report = eachEntry(bytes, incident, sha256, (e) => entries.push(e));
      state = fold(entries, incident);
      behind = entries.length;
    }
    if (!report.ok) throw damaged(report);
    if (report.head.seq !== head.seq || report.head.hash !== head.hash)
      throw new IntegrityError(
        `the head of incident ${incident} (#${head.seq}) is not the last entry of its log (#${report.head.seq}); nothing was recorded`,
        `Run \`cic verify ${incident}\`.`,
      );
    return { state, behind };
  }

  /**
   * Lines copied in (`cic store copy`), checked to chain; the state after them is kept by the
   * same rule as recording's, so the first command on a copied incident does not fold it all.
   */
  async importLines(incident: IncidentId, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.transaction(
      incident,
      async (_db, head) => {
        const sealed = checkImported(incident, head, lines);
        const last = sealed.at(-1)!.entry;
        return {
          lines: sealed.map((s) => s.line),
          result: undefined,
          after: (db: PgClient) => this.keepImportedState(db, incident, { seq: last.seq, hash: last.hash }),
        };
      },
      'cic.import_lines',
    );
  }

  /**
   * After a copied chunk (call after it was appended, under the head lock), behind a savepoint: a
   * state that cannot be made or kept costs time only.
   */
  private async keepImportedState(db: PgClient, incident: IncidentId, head: Head): Promise<void> {
    await db.query('SAVEPOINT import_state');
    try {
      const { state, behind } = await this.stateAt(db, incident, head);
      if (behind >= this.checkpoint) await putState(db, incident, head, state);
      await db.query('RELEASE SAVEPOINT import_state');
    } catch (err) {
      if (!(err instanceof CicError) && isConnectionLoss(err as PgError)) throw err;
      await db.query('ROLLBACK TO SAVEPOINT import_state');
    }
  }

  /**
   * BEGIN, take the head, build the lines, append them, COMMIT, and wait until the commit is
   * durable before saying "recorded".
   *
   * The head's row lock is held from `lock_head` to COMMIT, so appends to one incident are as fast
   * as that stretch is short. The transaction commits with `synchronous_commit` off, which releases
   * the lock without waiting for its WAL to reach the disk; then, outside the lock, a small
   * transaction that writes WAL commits synchronously (`DURABLE`). Its commit flushes the WAL up
   * to its own commit record, which comes after this append's, and WAL is replayed in order, so
   * once it returns this append survives a crash too; concurrent writers' waits share flushes.
   * Meanwhile the entry is visible to other readers (and the next append chains on it) before it
   * is durable: a crash then loses it, and every entry after it, none of them acknowledged
   * (docs/postgres.md, "What recorded means").
   *
   * A failure before COMMIT was sent recorded nothing. A connection lost during COMMIT is looked
   * up again on a fresh connection (and made durable there) before anything is said. Lost after
   * COMMIT but before the wait returned, the entry may or may not survive: that is what is said.
   */
  private async transaction<R>(
    incident: IncidentId,
    build: (
      db: PgClient,
      head: Head,
    ) => Promise<{ lines: string[]; result: R; after?: ((db: PgClient) => Promise<void>) | undefined }>,
    fn = 'cic.append',
  ): Promise<R> {
    const db = await this.db();
    let step: 'work' | 'commit' | 'durable' = 'work';
    let firstHash: string | undefined;
    let first = -1;
    let last = -1;
    try {
      await db.query('BEGIN; SET LOCAL synchronous_commit TO off');
      const h = await db.query<{ seq: string; hash: string }>('SELECT seq, hash FROM cic.lock_head($1)', [incident]);
      if (!h.rows[0]) throw noIncident(incident);
      const head = { seq: Number(h.rows[0].seq), hash: h.rows[0].hash };
      const { lines, result, after } = await build(db, head);
      if (lines.length === 0) {
        await db.query('ROLLBACK');
        return result;
      }
      first = head.seq + 1;
      last = head.seq + lines.length;
      firstHash = (JSON.parse(lines[0]!) as { hash: string }).hash;
      this.hold();
      if (after) {
        await db.query(`SELECT ${fn}($1, $2, $3, $4)`, [incident, first, head.hash, lines]);
        await after(db);
        step = 'commit';
        await db.query('COMMIT');
      } else {
        // The append and its COMMIT in one message (so as literals, not parameters): the head
        // lock is held for one round trip to the server, not two. If the append is refused, the
        // COMMIT in the same message is not run.
        step = 'commit';
        const text = (x: string) => db.escapeLiteral(x);
        await db.query(
          `SELECT ${fn}(${text(incident)}, ${first}, ${text(head.hash)}, ARRAY[${lines.map(text).join(', ')}]::text[]); COMMIT`,
        );
      }
      step = 'durable';
      await db.query(DURABLE);
      this.lastCommitted = { incident, seq: last };
      return result;
    } catch (err) {
      const e = err as PgError;
      const lost = !(err instanceof CicError) && isConnectionLoss(e);
      // Refused before or at COMMIT: nothing was committed (a failed COMMIT rolls back).
      if (step === 'work' || (step === 'commit' && !lost)) await db.query('ROLLBACK').catch(() => undefined);
      if (err instanceof CicError) throw err;
      if (step === 'commit' && lost) throw await this.inDoubt(incident, first, firstHash!);
      if (step === 'durable') {
        if (lost) this.client = undefined;
        throw new LogWriteError(
          `entry #${last} of incident ${incident} was committed, but the connection to the database was lost before the server said it was on disk (${e.message}): it may or may not have been recorded`,
          `When the server is back, look with \`cic log ${incident}\` before recording it again.`,
        );
      }
      throw mapError(e, `incident ${incident}`, lost);
    }
  }

  /**
   * The COMMIT's answer was lost: look for the first entry written, on a fresh connection. Found,
   * it is made durable there (`DURABLE`) before it is called recorded: the commit was not waited for.
   */
  private async inDoubt(incident: IncidentId, seq: number, firstHash: string): Promise<Error> {
    this.client = undefined;
    try {
      const db = await this.db();
      const r = await db.query<{ hash: string }>('SELECT hash FROM cic.entries WHERE incident = $1 AND seq = $2', [
        incident,
        seq,
      ]);
      if (r.rows[0]?.hash === firstHash) {
        await db.query(DURABLE);
        return new LogWriteError(
          `the connection to the database was lost as entry #${seq} of incident ${incident} was committed; it WAS recorded`,
          `Check with \`cic log ${incident}\`; do not record it again.`,
        );
      }
      return new LogWriteError(
        `the connection to the database was lost while committing to incident ${incident}. Nothing was recorded.`,
        'Run the command again.',
      );
    } catch {
      return new LogWriteError(
        `the connection to the database was lost while committing entry #${seq} of incident ${incident}, and the server cannot be reached to check: it may or may not have been recorded`,
        `When the server is back, look with \`cic log ${incident}\` before recording it again.`,
      );
    }
  }

  private hold(): void {
    const ms = this.env.NODE_ENV === 'test' ? Number(this.env.CIC_TEST_APPEND_DELAY_MS) : 0;
    if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  }

  // ---- drafts ----------------------------------------------------------------------------------
  // No copies: a draft's words are its log entry's, read from the log wherever they are needed,
  // so nothing about a draft is written on the machine that drafted it (src/io/log/store.ts).

  async readDraft(): Promise<string | undefined> {
    return undefined;
  }

  async draftSha256(): Promise<string | undefined> {
    return undefined;
  }

  async writeDraft(): Promise<void> {
    // The entry that binds the draft's digest holds its words: there is no copy to keep.
  }

  async removeDraft(): Promise<void> {}

  draftLocation(incident: IncidentId, file: string): string {
    return `${file} of incident ${incident} (its words are in the database's log)`;
  }

  /** Copies an earlier cic kept in `cic.drafts` (no longer written): `cic verify` compares them with the log. */
  async draftCopies(incident: IncidentId): Promise<{ file: string; sha256: string }[]> {
    const r = await this.read<{ file: string; body: string }>(
      `the draft copies of incident ${incident}`,
      'SELECT file, body FROM cic.drafts WHERE incident = $1 ORDER BY file',
      [incident],
    );
    // Hashed here, not taken from the row's own column: the text is what is compared.
    return r.rows.map((row) => ({ file: checkDraftName(row.file), sha256: hash('sha256', row.body, 'hex') }));
  }

  // ---- reports ---------------------------------------------------------------------------------

  async keepReports(incident: IncidentId, files: readonly { name: string; body: Uint8Array }[]): Promise<string[]> {
    const db = await this.db();
    try {
      await db.query('BEGIN');
      for (const f of files) await db.query('SELECT cic.put_report($1, $2, $3)', [incident, f.name, f.body]);
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw mapError(err, `the report of incident ${incident}`);
    }
    return files.map((f) => `${f.name} (in the database)`);
  }

  // ---- briefing packets --------------------------------------------------------------------------

  async keepPacket(
    incident: IncidentId,
    seq: number,
    files: readonly { name: string; body: string }[],
  ): Promise<string[]> {
    await this.putPacket('cic.put_packet', incident, seq, files);
    return files.map((f) => `${f.name} (in the database)`);
  }

  async importPacket(
    incident: IncidentId,
    seq: number,
    files: readonly { name: string; body: string }[],
  ): Promise<void> {
    await this.putPacket('cic.import_packet', incident, seq, files);
  }

  /** A packet's Markdown and HTML through `put_packet` (the sender's) or `import_packet` (the DBA's). */
  private async putPacket(
    fn: 'cic.put_packet' | 'cic.import_packet',
    incident: IncidentId,
    seq: number,
    files: readonly { name: string; body: string }[],
  ): Promise<void> {
    const [md, html] = files;
    const db = await this.db();
    try {
      await db.query(`SELECT ${fn}($1, $2, $3, $4, $5, $6)`, [
        incident,
        seq,
        md!.name,
        md!.body,
        html!.name,
        html!.body,
      ]);
    } catch (err) {
      throw mapError(err, `briefing packet of entry #${seq} of incident ${incident}`);
    }
  }

  async keptPackets(incident: IncidentId): Promise<PacketFile[]> {
    const r = await this.read<PacketFile>(
      `the briefing packets of incident ${incident}`,
      'SELECT file, packet, body FROM cic.packets WHERE incident = $1 ORDER BY packet, file',
      [incident],
    );
    return r.rows;
  }

  // ---- incidents -------------------------------------------------------------------------------

  async listIncidents(): Promise<IncidentId[]> {
    const r = await this.read<{ id: string }>('the list of incidents', 'SELECT id FROM cic.incidents ORDER BY id');
    return r.rows.map((row) => parseIncidentId(row.id));
  }

  async lifecycle(incident: IncidentId): Promise<Lifecycle> {
    const r = await this.read<{ lifecycle: Lifecycle }>(
      `incident ${incident}`,
      'SELECT lifecycle FROM cic.heads WHERE incident = $1',
      [incident],
    );
    if (!r.rows[0]) throw noIncident(incident);
    return r.rows[0].lifecycle;
  }

  async title(incident: IncidentId): Promise<string> {
    const r = await this.read<{ line: string }>(
      `incident ${incident}`,
      'SELECT line FROM cic.entries WHERE incident = $1 AND seq = 0',
      [incident],
    );
    return r.rows[0] ? titleOfFirstLine(r.rows[0].line) : '';
  }

  async createIncident(loaded: LoadedPlaybook, now: Date): Promise<IncidentId> {
    const db = await this.db();
    try {
      const r = await db.query<{ id: string }>('SELECT cic.create_incident($1, $2, $3, NULL) AS id', [
        yearIn(now, loaded.playbook.time_zone),
        loaded.source,
        loaded.sha256,
      ]);
      const id = parseIncidentId(r.rows[0]!.id);
      await this.keepModel(id, loaded.playbook);
      return id;
    } catch (err) {
      throw mapError(err, 'a new incident');
    }
  }

  async discardIfEmpty(incident: IncidentId): Promise<void> {
    const db = await this.db();
    await db.query('SELECT cic.discard_if_empty($1)', [incident]).catch(() => undefined);
  }

  /**
   * The frozen playbook: its model kept for this cic's playbook schema (`cic.playbook_models`,
   * src/io/pg/migrations/003-playbook-models.ts), else the frozen YAML loaded and checked again and
   * its model kept. A model made under another schema (an older cic) is never read as this one.
   */
  async frozenPlaybook(incident: IncidentId, options: { fresh?: boolean } = {}): Promise<LoadedPlaybook> {
    const r = await this.read<{ playbook: string; sha: string; model: string | null }>(
      `the frozen playbook of incident ${incident}`,
      `SELECT i.playbook, i.playbook_sha256 AS sha, m.model
         FROM cic.incidents i
         LEFT JOIN cic.playbook_models m ON m.incident = i.id AND m.format = $2 AND m.playbook_sha256 = i.playbook_sha256
        WHERE i.id = $1`,
      [incident, playbookCacheFormat()],
    );
    const row = r.rows[0];
    if (!row) throw noIncident(incident);
    const file = `${this.where} incident ${incident} playbook.yaml`;
    if (hash('sha256', row.playbook, 'hex') !== row.sha)
      throw new IntegrityError(
        `the frozen playbook of incident ${incident} no longer matches its recorded SHA-256: it was changed in the database`,
        `Run \`cic verify ${incident}\`; compare the database with a backup.`,
      );
    if (options.fresh || row.model === null) {
      const loaded = { ...(await loadPlaybookText(row.playbook, incident)), file };
      if (row.model === null) await this.keepModel(incident, loaded.playbook);
      return loaded;
    }
    return {
      playbook: JSON.parse(row.model) as LoadedPlaybook['playbook'],
      file,
      sha256: row.sha,
      source: row.playbook,
    };
  }

  /**
   * Keep the model of an incident's playbook for this cic's schema. A cache: a login that may not
   * write (not on the roster) or a lost race costs the next command a slower start, nothing more.
   */
  private async keepModel(incident: IncidentId, playbook: LoadedPlaybook['playbook']): Promise<void> {
    try {
      const db = await this.db();
      await db.query('SELECT cic.put_playbook_model($1, $2, $3)', [
        incident,
        playbookCacheFormat(),
        JSON.stringify(playbook),
      ]);
    } catch (err) {
      if (isConnectionLoss(err as PgError)) throw err;
    }
  }

  async rebuildPlaybookModel(incident: IncidentId, playbook: LoadedPlaybook['playbook']): Promise<void> {
    const db = await this.db();
    try {
      await db.query('SELECT cic.rebuild_playbook_model($1, $2, $3)', [
        incident,
        playbookCacheFormat(),
        JSON.stringify(playbook),
      ]);
    } catch (err) {
      throw mapError(err, `the playbook model of incident ${incident}`);
    }
  }

  async frozenSource(incident: IncidentId): Promise<string> {
    return (await this.frozenPlaybook(incident)).source;
  }

  async importIncident(incident: IncidentId, source: string): Promise<void> {
    const loaded = await loadPlaybookText(source, incident);
    const db = await this.db();
    try {
      await db.query('SELECT cic.import_incident($1, $2, $3, NULL)', [incident, source, loaded.sha256]);
    } catch (err) {
      throw mapError(err, `incident ${incident}`);
    }
    await this.keepModel(incident, loaded.playbook);
  }
}

/**
 * A transaction that writes a little WAL (a logical decoding message, which nothing consumes
 * unless a DBA set up logical decoding) and commits with synchronous commit on: when it returns,
 * the WAL up to its commit record, and so every commit before it, is on disk.
 */
const DURABLE = "SELECT pg_logical_emit_message(true, 'cic', 'durable')";

/** Entries per read of the log (a few MB of text): small enough to overlap, big enough to be few. */
const READ_CHUNK = 8192;

/**
 * Hand each verified line's entry to `onEntry` up to the first of a type this cic does not know,
 * which ends the delivered prefix as damage would (as the folder store's readEach does); `report`
 * then says so.
 */
function unknownTypeGuard(onEntry: (entry: LogEntry) => void) {
  let unknown: { seq: number; type: unknown; head: Head } | undefined;
  return {
    onLine(line: string, seq: number): void {
      if (unknown) return;
      const entry = JSON.parse(line) as LogEntry;
      if (EVENT_TYPES.has(entry.type)) onEntry(entry);
      else unknown = { seq, type: entry.type, head: { seq: seq - 1, hash: entry.prev } };
    },
    stopped: () => unknown !== undefined,
    report(report: VerifyReport): VerifyReport {
      if (!unknown || unknown.seq >= report.entries) return report;
      return {
        ...report,
        ok: false,
        entries: unknown.seq,
        head: unknown.head,
        first_bad_seq: unknown.seq,
        problem: `entry #${unknown.seq} has a type this version of cic does not know ("${oneLine(String(unknown.type))}")`,
      };
    },
  };
}

/**
 * Verify the whole log held in memory, handing each verified entry to `onEntry` up to the first
 * of a type this cic does not know, which ends the prefix as damage would (as the folder store's
 * readEach does).
 */
function eachEntry(
  bytes: Buffer,
  incident: IncidentId,
  playbookSha256: string,
  onEntry: (entry: LogEntry) => void,
  from?: Resume,
): VerifyReport {
  let unknown: { seq: number; type: unknown; head: Head } | undefined;
  const report = verifyBytes(bytes, {
    incident,
    playbookSha256,
    ...(from ? { from } : {}),
    onEntry: (line, seq) => {
      if (unknown) return;
      const entry = JSON.parse(line) as LogEntry;
      if (EVENT_TYPES.has(entry.type)) onEntry(entry);
      else unknown = { seq, type: entry.type, head: { seq: seq - 1, hash: entry.prev } };
    },
  });
  if (!unknown || unknown.seq >= report.entries) return report;
  return {
    ...report,
    ok: false,
    entries: unknown.seq,
    head: unknown.head,
    first_bad_seq: unknown.seq,
    // Raw, like every verify problem: whoever prints it escapes it once (docs/escaping.md).
    problem: `entry #${unknown.seq} has a type this version of cic does not know ("${String(unknown.type)}")`,
  };
}

/**
 * Keep the state after an append, in its transaction, behind a savepoint: a state that cannot be
 * kept costs the next command time, never the entry just appended.
 */
async function keepState(db: PgClient, incident: IncidentId, head: LogEntry, state: IncidentState): Promise<void> {
  await db.query('SAVEPOINT keep_state');
  try {
    await putState(db, incident, head, state);
    await db.query('RELEASE SAVEPOINT keep_state');
  } catch (err) {
    if (isConnectionLoss(err as PgError)) throw err;
    await db.query('ROLLBACK TO SAVEPOINT keep_state');
  }
}

async function putState(db: PgClient, incident: IncidentId, head: Head, state: IncidentState): Promise<void> {
  await db.query('SELECT cic.put_state($1, $2, $3, $4, $5)', [
    incident,
    STATE_FORMAT,
    head.seq,
    head.hash,
    stateJson(state),
  ]);
}

/**
 * A kept state's row (its JSON, seq and hash, and the log's line at that seq with that hash)
 * when it can be taken as the fold up to that entry: the line's own hash checks, and the state is
 * this incident's, folded up to that seq. Otherwise undefined (a cache: the log is folded instead).
 */
function keptState(
  incident: IncidentId,
  row: { seq: string | null; hash: string | null; state: string | null; line: string | null },
): { state: IncidentState; mark: Head } | undefined {
  if (row.seq === null || row.hash === null || row.state === null || row.line === null) return undefined;
  const mark = { seq: Number(row.seq), hash: row.hash };
  if (checkLine(row.line, incident, mark.seq, undefined) !== undefined || lastHash !== mark.hash) return undefined;
  try {
    const state = parseState(row.state);
    return state.id === incident && state.last_seq === mark.seq ? { state, mark } : undefined;
  } catch {
    return undefined;
  }
}

function noIncident(incident: IncidentId): InputError {
  return new InputError(`there is no incident ${incident}`, 'See `cic list` for the incidents in this workspace.');
}

function isConnectionLoss(e: PgError): boolean {
  const code = e.code ?? '';
  return (
    code === '' ||
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|not queryable/i.test(e.message)
  );
}

/** A database error in words, with the exit code its class deserves; nothing was recorded. */
export function mapError(err: unknown, what: string, lost = false): Error {
  if (err instanceof CicError) return err;
  const e = err as PgError;
  const code = e.code ?? '';
  if (lost || isConnectionLoss(e))
    return new LogWriteError(
      `the connection to the database was lost (${e.message}); nothing was recorded for ${what}`,
      'When the server is back, run the command again.',
    );
  if (code === '42501')
    return new PermissionError(`the database refused this for ${what}: ${e.message}`, 'Nothing was recorded.');
  if (code === '55P03' || code === '57014' || code === '53300')
    return new BusyError(
      `${what} is busy (${e.message}); nothing was recorded`,
      'Another writer held it too long; try again.',
    );
  if (code === 'LG409' || code === '23505')
    return new BusyError(
      `${what} changed while this command was writing; nothing was recorded`,
      'Run the command again.',
    );
  return new LogWriteError(`the database refused the write for ${what}: ${e.message} (${code}); nothing was recorded`);
}

/** The draft's name as the log gives it (`drafts/x.vN.md`), checked as the folder store checks it. */
function checkDraftName(file: string): string {
  draftPathOf('/', file);
  return file;
}

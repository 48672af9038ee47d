/**
 * The after-action report as a projection of the verified log against the frozen playbook: the
 * fold (`IncidentState`), the checklist at the report's `now` (`schedule`), the entries themselves
 * (for the integrity section and the ICS 214 activity log) and the verify result go in; the
 * `Report` of `./model.ts` comes out, filled by that file's documented rules. Pure: the caller
 * reads the log and the clock.
 */
import type { RosterLine } from '../roster/roster.js';
import { buildRolesHeld } from './roles-held.js';
import type { Actor } from '../incident/events.js';
import type { MadePromise, OccurrencePromise } from '../incident/promises.js';
import type { ScheduleItem } from '../incident/schedule.js';
import type { IncidentState } from '../incident/state.js';
import type { LogEntry, VerifyReport } from '../log/envelope.js';
import type { Action, Playbook } from '../playbook/model.js';
import { approverRoleFor } from '../statements/approvals.js';
import { factChanges } from '../statements/fact-changes.js';
import type { StatementState } from '../statements/state.js';
import { textOf, type StatementTexts } from '../statements/texts.js';
import { ActivityScan, activityKey } from './activity-scan.js';
import { computeFigures } from './figures.js';
import type {
  ActivityRow,
  ComplianceRow,
  FactChange,
  LifecycleEvent,
  LocalTime,
  Outcome,
  Person,
  PromisePart,
  PromiseRow,
  Report,
  ReportHeader,
  ReportIntegrity,
  StatementReport,
  TierChange,
} from './model.js';
import type { Names } from './names.js';
import { buildPressReport } from '../press/report.js';

/** The entry fields the report reads. */
export type ReportEntry = Pick<LogEntry, 'seq' | 'at' | 'stated_at' | 'actor' | 'type' | 'data' | 'clock'>;

export interface ReportInput {
  /** The fold of `entries`. */
  state: IncidentState;
  /** `schedule(state, playbook, now)`. */
  items: readonly ScheduleItem[];
  /** The verified entries, in seq order (a prefix of the log when it does not verify). */
  entries: readonly ReportEntry[];
  verify: Pick<VerifyReport, 'ok' | 'entries' | 'head' | 'first_bad_seq' | 'problem'>;
  /** The frozen playbook, and its SHA-256. */
  playbook: Playbook;
  loaded: { sha256: string };
  now: Date;
  /** `now` is `CIC_NOW`. */
  simulated: boolean;
  /** The workspace roster's verified changes, when it has a roster (the report lists who held each role). */
  roster?: readonly RosterLine[];
}

export function buildReport(input: ReportInput): Report {
  const scan = new ActivityScan(input.playbook);
  const entries = input.entries;
  const rows: ActivityRow[] = new Array(entries.length);
  const keys = new Float64Array(entries.length);
  // Described in log order (a fact's "was" is the value before it), then put in effective-time order.
  for (let i = 0; i < entries.length; i++) {
    rows[i] = scan.row(entries[i]!);
    keys[i] = activityKey(entries[i]!);
  }
  return { ...buildOutline({ ...input, scan }), activity: inEffectiveOrder(rows, keys) };
}

/** What the report's outline is built from: the entries themselves are in `scan`, already scanned. */
export type OutlineInput = Omit<ReportInput, 'entries'> & { scan: ActivityScan };

/**
 * The report with every part but its activity rows (`activity` is empty, where the rows go): what
 * a writer that streams the rows from the log renders around them.
 */
export function buildOutline(input: OutlineInput): Report {
  const { state, playbook } = input;
  if (!state.opened) throw new Error(`incident ${state.id} has no incident.opened entry to report on`);
  const names = input.scan.names;
  const generatedAt = names.time(input.now);
  const header = buildHeader(input, names, generatedAt);
  const compliance = buildCompliance(input.items, playbook, names);
  const statements = buildStatements(state, input.scan.texts, playbook, names);
  return {
    cic_report: 1,
    time_zone: playbook.time_zone,
    generated_at: generatedAt,
    generated_clock: input.simulated ? 'simulated' : 'system',
    header,
    integrity: buildIntegrity(input, names),
    figures: computeFigures({ declared_at: header.declared_at, compliance, statements }),
    compliance,
    statements,
    fact_changes: buildFactChanges(state, names),
    activity: [],
    ...pressPart(input),
    ...(input.roster && input.roster.length > 0
      ? { roles_held: buildRolesHeld(input.roster, header.period, playbook) }
      : {}),
  };
}

function pressPart(input: OutlineInput): { press?: NonNullable<Report['press']> } {
  const press = buildPressReport(input.state, input.playbook, input.items, input.now);
  return press === undefined ? {} : { press };
}

// ── header ───────────────────────────────────────────────────────────────────────────────

function buildHeader(input: OutlineInput, names: Names, generatedAt: LocalTime): ReportHeader {
  const { state, playbook } = input;
  const occurred = names.time(state.occurred_at);
  const closed = state.status === 'closed' && state.closed_at !== undefined ? names.time(state.closed_at) : null;
  const tier_history: TierChange[] = state.tier_history.map((t) => ({
    seq: t.seq,
    at: names.time(t.at),
    tier: names.tier(t.tier),
    from: t.from === undefined ? null : names.tier(t.from),
    reason: t.reason,
    method: t.method,
    by: names.person(t.by),
  }));
  const lifecycle: LifecycleEvent[] = state.lifecycle.map((l) =>
    l.type === 'closed'
      ? {
          seq: l.seq,
          type: 'closed',
          at: names.time(l.at),
          by: names.person(l.by),
          reason: l.reason ?? null,
          forced: l.forced,
          left_open: l.left_open.map((i) => `${i.action}#${i.occurrence}`),
        }
      : {
          seq: l.seq,
          type: 'reopened',
          at: names.time(l.at),
          by: names.person(l.by),
          reason: l.reason,
          forced: false,
          left_open: [],
        },
  );
  return {
    incident: state.id,
    title: state.title,
    jurisdiction: playbook.jurisdiction,
    status: state.status,
    occurred_at: occurred,
    declared_at: names.time(state.declared_at),
    closed_at: closed,
    period: { from: occurred, to: closed ?? generatedAt },
    // An opened incident is always classified in the same write; the fallback keeps a damaged
    // prefix (opened, then the chain breaks) reportable.
    tier: state.tier === undefined ? { id: 'unclassified', name: 'Not classified' } : names.tier(state.tier),
    tier_history,
    lifecycle,
    playbook: { id: playbook.id, version: playbook.version, title: playbook.title, sha256: input.loaded.sha256 },
  };
}

// ── integrity ────────────────────────────────────────────────────────────────────────────

function buildIntegrity(input: OutlineInput, names: Names): ReportIntegrity {
  const v = input.verify;
  const { simulatedSeqs, backfilled } = input.scan;
  return {
    ok: v.ok,
    entries: v.entries,
    head: v.entries === 0 ? null : `${v.head.seq}:${v.head.hash}`,
    problem: v.ok ? null : { seq: v.first_bad_seq, message: v.problem ?? 'the log does not verify' },
    simulated: { count: simulatedSeqs.length, seqs: simulatedSeqs },
    backfilled,
    repairs: input.state.repairs.map((r) => ({
      seq: r.seq,
      at: names.time(r.at),
      offset: r.offset,
      length: r.length,
      sha256: r.sha256,
      quarantine: r.quarantine,
    })),
  };
}

// ── compliance ───────────────────────────────────────────────────────────────────────────

/** The item's state when the report is made: the schedule's own name for it, as status shows it. */
export function outcomeOf(item: ScheduleItem): Outcome {
  return item.named;
}

function buildCompliance(items: readonly ScheduleItem[], playbook: Playbook, names: Names): ComplianceRow[] {
  const actions = new Map<string, { action: Action; index: number }>(
    playbook.actions.map((action, index) => [action.id, { action, index }]),
  );
  const order = (i: ScheduleItem) => actions.get(i.action)?.index ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...items].sort(
    (a, b) =>
      order(a) - order(b) || (a.action < b.action ? -1 : a.action > b.action ? 1 : 0) || a.occurrence - b.occurrence,
  );
  return sorted.map((item): ComplianceRow => {
    const outcome = outcomeOf(item);
    const completed = outcome === 'done' || outcome === 'extended' || outcome === 'late';
    const references = actions.get(item.action)?.action.references ?? [];
    return {
      action: item.action,
      occurrence: item.occurrence,
      title: item.title,
      kind: item.kind,
      required: item.required,
      owner: names.role(item.owner),
      notify: item.notify.map((r) => names.role(r)),
      due: names.timeOrNull(item.due),
      original_due: names.timeOrNull(item.original_due ?? item.due),
      outcome,
      waiting_on: [...item.waiting_on],
      completed_at: completed ? names.timeOrNull(item.completed_at) : null,
      completed_by: completed && item.completed_by ? names.person(item.completed_by) : null,
      late_by_minutes:
        outcome === 'late' ? Math.ceil((item.completed_at!.getTime() - item.due!.getTime()) / 60_000) : null,
      reason: item.reason ?? null,
      note: item.note ?? null,
      extensions: item.extensions.map((e) => ({
        from: names.time(e.from),
        to: names.time(e.due),
        reason: e.reason,
        by: names.person(e.by),
        at: names.time(e.at),
        seq: e.seq,
      })),
      ...(item.pauses.length
        ? {
            pauses: item.pauses.map((p) => ({
              from: names.time(p.from),
              to: p.to === undefined ? null : names.time(p.to),
              reason: p.reassessments.at(-1)?.reason ?? p.reason,
              written: p.basis?.written === true,
              by: names.person(p.by),
              reassessments: p.reassessments.length,
              seq: p.seq,
            })),
          }
        : {}),
      references: references.map((r) => ({ citation: r.citation, url: r.url ?? null, note: r.note ?? null })),
      outside: item.outside,
      source: item.source ?? null,
      request:
        item.request === undefined
          ? null
          : { kind: item.request.kind, from: item.request.from, received_at: names.time(item.request.received_at) },
      ...(item.promise === undefined ? {} : { promise: promiseRow(item.promise, names) }),
    };
  });
}

function promiseRow(p: OccurrencePromise, names: Names): PromiseRow {
  const part = (x: MadePromise): PromisePart => ({
    at: names.time(x.at),
    statement: x.statement,
    version: x.version,
    made_at: names.time(x.made_at),
  });
  return {
    fact: p.promise.fact,
    ...part(p.promise),
    superseded: p.superseded.map(part),
    after_passed: p.after_passed.map(part),
  };
}

// ── statements ───────────────────────────────────────────────────────────────────────────

/** Each statement's versions (with their words, as the scan collected them), approvals, rejections, releases. */
function buildStatements(
  state: IncidentState,
  texts: StatementTexts,
  playbook: Playbook,
  names: Names,
): StatementReport[] {
  const index = new Map(playbook.actions.map((a, i) => [a.id, i]));
  const entries = Object.values(state.statements).sort(
    (a, b) =>
      (index.get(a.statement) ?? Infinity) - (index.get(b.statement) ?? Infinity) ||
      (a.statement < b.statement ? -1 : 1),
  );
  return entries.map((s) => statementReport(s, texts, playbook, names));
}

function statementReport(s: StatementState, texts: StatementTexts, playbook: Playbook, names: Names): StatementReport {
  const action = playbook.actions.find((a) => a.id === s.statement);
  const byTime = <T extends { at: string; seq: number }>(list: T[]) =>
    [...list].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
  return {
    statement: s.statement,
    title: action?.title ?? s.statement,
    versions: s.versions.map((v) => ({
      version: v.version,
      sha256: v.sha256,
      seq: v.seq,
      file: v.file,
      drafted_at: names.time(v.drafted_at),
      by: names.person(v.drafted_by),
      source: v.source,
      checks: v.checks.map((c) => ({ level: c.level, line: c.line, message: c.message })),
      text: textOf(texts, v),
      facts: Object.keys(v.facts).map((fact) => ({ fact, value: v.facts[fact]! })),
    })),
    approvals: byTime(s.approvals).map((a) => ({
      version: a.version,
      sha256: a.sha256,
      // The approver the decision counts for: the actor's own role, or the one a deputy acts for.
      role: names.role((action && approverRoleFor(a.role, action, playbook.roles)) ?? a.role),
      by: names.person(a.by),
      at: names.time(a.at),
      warnings: [...a.warnings],
    })),
    rejections: byTime(s.rejections).map((r) => ({
      version: r.version,
      sha256: r.sha256,
      by: names.person(r.by),
      at: names.time(r.at),
      reason: r.reason,
    })),
    releases: byTime(s.releases).map((r) => ({
      version: r.version,
      sha256: r.sha256,
      at: names.time(r.at),
      by: names.person(r.by),
      channels: [...r.channels],
    })),
  };
}

function buildFactChanges(state: IncidentState, names: Names): FactChange[] {
  return factChanges(state.statements).map((c) => ({
    fact: c.fact,
    before: c.before,
    after: c.after,
    from: { statement: c.from.statement, version: c.from.version, at: names.time(c.from.at) },
    to: { statement: c.to.statement, version: c.to.version, at: names.time(c.to.at) },
  }));
}

// ── activity (ICS 214) ───────────────────────────────────────────────────────────────────

/** Rows in log order, put in effective-time order (`keys`), then seq. */
function inEffectiveOrder(rows: ActivityRow[], keys: Float64Array): ActivityRow[] {
  // Already in order unless something was backfilled: then sort indexes, not rows.
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1]! <= keys[i]!;
  if (ordered) return rows;
  const idx = Array.from(rows.keys()).sort((a, b) => keys[a]! - keys[b]! || rows[a]!.seq - rows[b]!.seq);
  return idx.map((i) => rows[i]!);
}

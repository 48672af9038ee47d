/**
 * The after-action report: a plain-data projection of the verified log against the frozen
 * playbook. Every renderer (Markdown, HTML, CSV, JSON) reads only this; the JSON format
 * is this object itself, validated by `schemas/report.schema.json` (keep the two in step).
 *
 * Conventions, so the builder and the renderers agree without talking:
 * - Every time is a `LocalTime`: RFC 3339 with the playbook zone's offset (`localTime()` in
 *   `./times.ts` makes one), so a renderer reads the zone's wall clock straight from the text.
 *   The zone's name is `Report.time_zone`.
 * - Absent values are `null`, never missing keys: every object has a fixed shape.
 * - Lists are in the order a reader wants them: compliance in playbook action order then
 *   occurrence; activity by effective time (`stated_at ?? at`) then seq; histories by time.
 * - Text is stored raw. Escaping (Markdown, HTML, CSV, control characters) is each renderer's job.
 */
import { STATE_NAMES, type StateName } from '../incident/item-state.js';
import type { ActionKind, FactValue } from '../playbook/model.js';
import type { PressReport } from '../press/report.js';

/** RFC 3339 with the playbook zone's offset, e.g. `2026-03-08T03:30:00-05:00`. */
export type LocalTime = string;

/** A playbook role: its id and what this city calls it. */
export interface RoleRef {
  id: string;
  title: string;
}

/** Who wrote a log entry: the role they acted as, their name, and the OS `user@host`. */
export interface Person {
  role: RoleRef;
  name: string;
  user: string;
}

export interface Report {
  /** Format marker and version of this JSON format. */
  cic_report: 1;
  /** IANA zone of the frozen playbook; every `LocalTime` carries this zone's offset. */
  time_zone: string;
  generated_at: LocalTime;
  /** 'simulated' when the report was made under `CIC_NOW` (an exercise, a test, the demo). */
  generated_clock: 'system' | 'simulated';
  header: ReportHeader;
  integrity: ReportIntegrity;
  figures: Figures;
  compliance: ComplianceRow[];
  statements: StatementReport[];
  fact_changes: FactChange[];
  activity: ActivityRow[];
  /**
   * Press conferences (schedule, run of show) and commitments made in public; present only when
   * one was scheduled or a commitment recorded, so other reports keep their exact form.
   */
  press?: PressReport;
  /**
   * Who held each role during the period, from the workspace's roster and its history; present
   * only when the workspace has a roster (without one, every entry says its identity was not
   * checked, and there is no list to give).
   */
  roles_held?: RoleHeld[];
}

/** A playbook role and everyone the roster gave it at any moment of the period. */
export interface RoleHeld {
  role: RoleRef;
  people: { name: string; login: string }[];
}

// ── header ───────────────────────────────────────────────────────────────────────────────

export interface ReportHeader {
  incident: string;
  title: string;
  jurisdiction: string;
  status: 'open' | 'closed';
  /** `data.occurred_at` of `incident.opened`. */
  occurred_at: LocalTime;
  /** Effective time of `incident.opened`. */
  declared_at: LocalTime;
  /** Effective time of the latest `incident.closed`, or null while open. */
  closed_at: LocalTime | null;
  /** The operational period (ICS 214): `occurred_at` to `closed_at`, or to `generated_at` while open. */
  period: { from: LocalTime; to: LocalTime };
  /** The tier in force at the end of the period. */
  tier: TierRef;
  /** Every `incident.classified`, oldest first. */
  tier_history: TierChange[];
  /** Every `incident.closed` and `incident.reopened`, oldest first. */
  lifecycle: LifecycleEvent[];
  playbook: { id: string; version: string; title: string; sha256: string };
}

export interface TierRef {
  id: string;
  /** The tier's name from the playbook. */
  name: string;
}

export interface TierChange {
  seq: number;
  at: LocalTime;
  tier: TierRef;
  /** The previous tier; null on the first classification. */
  from: TierRef | null;
  reason: string;
  method: 'questions' | 'manual';
  by: Person;
}

export interface LifecycleEvent {
  seq: number;
  type: 'closed' | 'reopened';
  at: LocalTime;
  by: Person;
  reason: string | null;
  /** Closed with required items open, confirmed or `--force`d (false for reopenings). */
  forced: boolean;
  /** Items open when it was closed, as `action#occurrence` (empty for reopenings). */
  left_open: string[];
}

// ── integrity ────────────────────────────────────────────────────────────────────────────

export interface ReportIntegrity {
  /** The verify result: the whole chain checks out. */
  ok: boolean;
  entries: number;
  /** `seq:hash` of the last good entry, the digest a clerk writes into the minutes; null if empty. */
  head: string | null;
  /** The first bad entry, when `ok` is false. */
  problem: { seq: number | null; message: string } | null;
  /** Entries written under a simulated clock (`clock: 'simulated'`). */
  simulated: { count: number; seqs: number[] };
  /** Entries with a `stated_at` (recorded after the fact), in seq order. */
  backfilled: BackfilledEntry[];
  /** `log.repaired` entries. */
  repairs: Repair[];
}

export interface BackfilledEntry {
  seq: number;
  type: string;
  by: Person;
  stated_at: LocalTime;
  recorded_at: LocalTime;
  /** Whole minutes from `stated_at` to `recorded_at`, rounded down (negative if stated later). */
  gap_minutes: number;
}

export interface Repair {
  seq: number;
  at: LocalTime;
  offset: number;
  length: number;
  sha256: string;
  quarantine: string;
}

// ── compliance ───────────────────────────────────────────────────────────────────────────

/**
 * Where a deadline stands when the report is made: the same vocabulary, from the same function,
 * as `cic status` at that moment (src/core/incident/item-state.ts). 'done' is on time; 'extended'
 * is done by an extended deadline; 'missed' is past due when the incident closed or the duty's
 * window ended; 'overdue' is past due and still owed; no item past its deadline is ever open.
 */
export type Outcome = StateName;

export const OUTCOMES: readonly Outcome[] = STATE_NAMES;

export interface ComplianceRow {
  action: string;
  /** 0-based; recurring actions have one row per occurrence. */
  occurrence: number;
  title: string;
  kind: ActionKind;
  /** False for the playbook's advisory items. */
  required: boolean;
  owner: RoleRef;
  /** Roles the action notifies (used by the Board-briefing milestone rule). */
  notify: RoleRef[];
  /** The final deadline, after extensions; null when 'not due'. */
  due: LocalTime | null;
  /** The deadline before any extension (equal to `due` when never extended). */
  original_due: LocalTime | null;
  outcome: Outcome;
  /** What a waiting item waits for (action ids, or 'closed'); empty otherwise. */
  waiting_on: string[];
  completed_at: LocalTime | null;
  completed_by: Person | null;
  /** Minutes from `due` to `completed_at`, rounded up; only for 'late', else null. */
  late_by_minutes: number | null;
  /** The skip reason, or the latest extension's reason; null when neither. */
  reason: string | null;
  /** The completion note, if one was given. */
  note: string | null;
  extensions: ExtensionRecord[];
  /** Times its deadline's clock stood still (`cic pause`), oldest first; absent when never paused. */
  pauses?: PauseRow[];
  references: ReferenceRecord[];
  /** Owned by an agency outside the city: shown, but counted apart from the city's figures. */
  outside: boolean;
  /** For an outside duty done: how the city knows (`completed_by` recorded it, did not do it). */
  source: string | null;
  /** For an action owed per request: the request this row answers (its number is `occurrence`). */
  request: { kind: string; from: string; received_at: LocalTime } | null;
  /** A public update the city promised (src/core/incident/promises.ts); absent when none. */
  promise?: PromiseRow;
}

/** The promise a row's deadline keeps, and the earlier ones a later statement superseded. */
export interface PromiseRow extends PromisePart {
  fact: string;
  superseded: PromisePart[];
  /** Promises released after this one's time had passed: they do not move its deadline. */
  after_passed: PromisePart[];
}

export interface PromisePart {
  at: LocalTime;
  statement: string;
  version: number;
  /** When the statement that promised it was released. */
  made_at: LocalTime;
}

export interface PauseRow {
  from: LocalTime;
  /** When it ended; null while it stands. */
  to: LocalTime | null;
  reason: string;
  written: boolean;
  by: Person;
  /** How many reassessments were recorded while it stood. */
  reassessments: number;
  seq: number;
}

export interface ExtensionRecord {
  from: LocalTime;
  to: LocalTime;
  reason: string;
  by: Person;
  at: LocalTime;
  seq: number;
}

export interface ReferenceRecord {
  citation: string;
  /** Shown as text only; no renderer ever turns it into a link or a load. */
  url: string | null;
  note: string | null;
}

// ── statements ───────────────────────────────────────────────────────────────────────────

export interface StatementReport {
  /** The statement action's id. */
  statement: string;
  title: string;
  versions: StatementVersionRecord[];
  approvals: ApprovalRecord[];
  rejections: RejectionRecord[];
  releases: ReleaseRecord[];
}

export interface CheckRecord {
  level: 'error' | 'warning';
  line: number;
  message: string;
}

export interface StatementVersionRecord {
  version: number;
  sha256: string;
  /** The seq of its `statement.drafted` entry: where the log holds its words. */
  seq: number;
  file: string;
  drafted_at: LocalTime;
  by: Person;
  source: 'template' | 'edited';
  checks: CheckRecord[];
  /** The version's exact words, from the log (the appendix prints them). */
  text: string;
  /** The fact values it was drafted (and, when released, released) with. */
  facts: { fact: string; value: FactValue }[];
}

export interface ApprovalRecord {
  version: number;
  sha256: string;
  /** The approver role the approval counts for. */
  role: RoleRef;
  by: Person;
  at: LocalTime;
  /** Warnings the approver saw and accepted. */
  warnings: string[];
}

export interface RejectionRecord {
  version: number;
  sha256: string;
  by: Person;
  at: LocalTime;
  reason: string;
}

export interface ReleaseRecord {
  version: number;
  sha256: string;
  at: LocalTime;
  by: Person;
  channels: string[];
}

/** Where a released fact value was said: a statement's release. */
export interface ReleaseRef {
  statement: string;
  version: number;
  at: LocalTime;
}

/**
 * A fact whose value differs between two consecutive releases that both used it ("four patrol
 * cars", later "six"). One row per change, in release order.
 */
export interface FactChange {
  fact: string;
  before: FactValue;
  after: FactValue;
  from: ReleaseRef;
  to: ReleaseRef;
}

// ── activity log (ICS 214) ───────────────────────────────────────────────────────────────

export interface ActivityRow {
  seq: number;
  /** Effective time: `stated_at ?? recorded_at`. Renderers show its 24-hour wall clock. */
  at: LocalTime;
  recorded_at: LocalTime;
  /** Set when backfilled; renderers show both times. */
  stated_at: LocalTime | null;
  simulated: boolean;
  by: Person;
  /** The event type, e.g. `action.completed`. */
  type: string;
  /** One line for a person: "Completed Notify the City Manager", the note's text, … */
  activity: string;
}

// ── figures ──────────────────────────────────────────────────────────────────────────────

export interface Figures {
  /** Compliance rows counted by outcome (every outcome is a key, zeros included). */
  counts: Record<Outcome, number>;
  /**
   * ('done' + 'extended') / ('done' + 'extended' + 'late' + 'overdue' + 'missed'): the share of
   * deadlines that came due (or were met before they did) that were met. Null when none. 0..1.
   */
  on_time_rate: number | null;
  /** Median `late_by_minutes` over 'late' rows; null when none. */
  median_late_minutes: number | null;
  /** The latest completion; null when none was late. */
  worst_late: { action: string; occurrence: number; title: string; minutes: number } | null;
  /** Always the three milestones of `MILESTONES`, in that order, each null-filled if not reached. */
  milestones: Milestone[];
  /**
   * Duties owned outside the city (a prosecutor, state investigators), which every figure above
   * leaves out: how many, how many came due, and how many of those were met.
   */
  outside: { rows: number; came_due: number; met: number; on_time_rate: number | null };
}

export type MilestoneId = 'first-statement' | 'board-briefing' | 'press-briefing';

export interface Milestone {
  id: MilestoneId;
  label: string;
  /** The action that reached it, or null when not reached. */
  action: string | null;
  occurrence: number | null;
  at: LocalTime | null;
  /** Whole minutes from `header.declared_at` to `at`, rounded down; null when not reached. */
  minutes_from_declared: number | null;
}

/**
 * The milestones and the rule that picks each (`computeFigures` in `./figures.ts` applies them):
 * - first-statement: the earliest release of any statement;
 * - board-briefing: the earliest completed (on time, extended or late) compliance row of kind
 *   'briefing' whose owner or notify list has a role whose id or title names the governing body
 *   (matches `GOVERNING_BODY`);
 * - press-briefing: the earliest completed compliance row of kind 'press-conference'.
 */
export const MILESTONES: readonly { id: MilestoneId; label: string }[] = [
  { id: 'first-statement', label: 'First public statement' },
  { id: 'board-briefing', label: 'Board briefing' },
  { id: 'press-briefing', label: 'Press briefing' },
];

/** Role ids/titles that name a city's governing body. */
export const GOVERNING_BODY = /\b(board|council|aldermen|alderpersons|commission|commissioners|selectboard)\b/i;

/**
 * The playbook model: what a validated playbook YAML file means. The JSON Schema in
 * `schemas/playbook.schema.json` describes the same shape for authors and editors; this file is
 * the shape the code relies on after loading, validation and semantic checks have passed.
 *
 * Every list of things with ids is a list (not a map), so order is kept and duplicate ids are a
 * reported error rather than a silently overwritten key.
 */

/** ISO 8601 duration text as written in the playbook, e.g. `PT15M`, `PT24H`, `P1D`, `P45D`. */
export type IsoDuration = string;

/** RFC 3339 date-time text. */
export type Timestamp = string;

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * A holiday: a listed date, or a rule that gives one date a year (see `src/core/time/holidays.ts`):
 * a fixed month and day (with `observed: nearest-weekday`, a Saturday is observed on Friday and a
 * Sunday on Monday), or the `nth` `weekday` of a month (`nth: -1` for the last), shifted by
 * `offset_days` ("the day after Thanksgiving").
 */
export interface Holiday {
  /** Calendar date in the playbook's time zone, `YYYY-MM-DD`. */
  date?: string;
  name?: string;
  month?: number;
  day?: number;
  weekday?: Weekday;
  nth?: number;
  observed?: 'nearest-weekday';
  offset_days?: number;
}

export interface BusinessCalendar {
  /** Days that count as business days. Default: mon–fri. */
  working_days: Weekday[];
  holidays: Holiday[];
}

export interface Role {
  id: string;
  /** What this city calls the role: "Board of Aldermen", "City Council". */
  title: string;
  description?: string;
  /** Roles this role may act for (a deputy, an acting chief). */
  acts_for?: string[];
  /**
   * An agency outside the city (a prosecutor, state investigators): its duties are tracked and
   * counted apart from the city's, recorded by a city role from what the agency reported.
   */
  outside?: boolean;
  /** The elected body: briefed with packets its members acknowledge (`cic brief`). */
  governing_body?: boolean;
  /** Rules to keep in mind in this role (the Sunshine Law's quorum rule), shown as reminders. */
  reminders?: Reminder[];
}

export interface Reminder {
  text: string;
  citation?: string;
  url?: string;
}

export type FactType = 'text' | 'number' | 'boolean' | 'date-time' | 'choice';
export type FactValue = string | number | boolean;

/**
 * A point in time relative to the incident: an anchor plus an offset. Used for deadlines and for
 * the release time of sensitive facts.
 */
export type Anchor =
  | 'occurred' // when the incident happened (`--occurred-at`)
  | 'declared' // when it was opened in cic
  | 'tier_set' // when its current tier was set (escalation re-anchors)
  | 'closed' // when it was closed (after-action duties)
  | 'received' // when the request a `per_request` action answers was received
  | { action: string } // when another action was completed
  | { fact: string } // the time a date-time fact holds (a meeting's start: `meeting_at`)
  | { scheduled: string }; // the start a press conference is scheduled for (`cic schedule`)

/** How far from the anchor: exactly one of these. */
export interface TimeAmount {
  /** Clock (`PT24H`: elapsed hours) or calendar (`P1D`: same wall-clock time next day) offset. */
  within?: IsoDuration;
  /** Business days in the playbook's calendar; exclusive with `within`. */
  business_days?: number;
  /** Elapsed hours counted only on business days (RSMo 610.020: weekends and holidays excluded). */
  business_hours?: number;
}

/** The amount for the listed tiers. */
export interface TierAmount extends TimeAmount {
  tiers: string[];
}

/**
 * A time relative to the incident: an anchor (`after` it, or `before` it) and an amount, the
 * amount optionally by tier; or the earliest/latest of several rules.
 */
export interface TimeRule extends TimeAmount {
  /** Counted forward from this anchor. Exactly one of after, before, earliest_of, latest_of. */
  after?: Anchor;
  /** Counted backward from this anchor (notice before a meeting, an advisory before a press conference). */
  before?: Anchor;
  /** Amounts for some tiers, replacing the rule's own amount while the incident is at one of them. */
  by_tier?: TierAmount[];
  /** Whichever of these comes first ("14 days, or 5 days after the family asks, if sooner"). */
  earliest_of?: TimeRule[];
  /** Whichever of these comes last. */
  latest_of?: TimeRule[];
}

export interface SensitiveRule {
  /** The fact must not appear in a released statement before this time. */
  not_before: TimeRule;
  reason?: string;
}

export interface Fact {
  id: string;
  type: FactType;
  /** The question asked at a prompt. */
  prompt: string;
  help?: string;
  /** For `choice` facts. */
  choices?: string[];
  sensitive?: SensitiveRule;
  /**
   * A date-time promised in public ("our next update will be at …"): never a past one (checks.ts).
   * With `updates`, a released statement's promise is also a deadline of that action
   * (`src/core/incident/promises.ts`, docs/playbook-authoring.md#promised-updates).
   */
  promise?: boolean | PromiseRule;
}

export interface PromiseRule {
  /**
   * The recurring action that is the public update: a promise sets when its next one is due. A
   * list when tiers have different updates (Tier 1's four-hourly update, Tier 3's daily one): the
   * first that applies in the incident's tier is the one promised.
   */
  updates: string | string[];
}

/** The actions a promise fact's released time may be a deadline of, in the playbook's order. */
export function promiseUpdates(fact: Fact): string[] | undefined {
  if (typeof fact.promise !== 'object') return undefined;
  const { updates } = fact.promise;
  return typeof updates === 'string' ? [updates] : updates;
}

/**
 * The anchor a plain time rule counts from, whichever direction it counts; undefined for
 * earliest_of / latest_of, which count from several.
 */
export function anchorOf(rule: Pick<TimeRule, 'after' | 'before'>): Anchor | undefined {
  return rule.after ?? rule.before;
}

/** The action an anchor names (`{action}` or `{scheduled}`), if any. */
export function anchorAction(anchor: Anchor): string | undefined {
  if (typeof anchor !== 'object') return undefined;
  if ('action' in anchor) return anchor.action;
  return 'scheduled' in anchor ? anchor.scheduled : undefined;
}

/** A declarative condition over facts (and, for actions, the tier). Never code. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; equals: FactValue }
  | { fact: string; in: FactValue[] }
  | { fact: string; set: boolean }
  | { tier: string[] };

export interface Tier {
  id: string;
  name: string;
  /** The plan's definition text, shown when an incident is classified. */
  definition: string;
  /** When this tier applies; tiers are tried most severe first, the first match wins. */
  when?: Condition;
}

export interface Classification {
  /** Fact ids asked, in order, to classify an incident. */
  questions: string[];
  /** Most severe first. */
  tiers: Tier[];
}

export type ActionKind = 'notification' | 'statement' | 'press-conference' | 'briefing' | 'records' | 'task';

export interface Recurrence {
  /** Each occurrence is due this long after the previous one's deadline. */
  every: IsoDuration;
  until: 'closed';
}

/**
 * How a deadline may be extended, as laws write it: each extension with a logged reason, and any
 * of: a total beyond the original deadline (`max`), a fixed `step` per extension (AB 748's
 * 30-day delays), a `max_count` of extensions (Chicago: one), a `cap` no extension may pass
 * ("no later than one year after the incident"), and the `basis` each must record.
 */
export interface Extension {
  /** The most the deadline may be moved in total, e.g. `P30D`. */
  max?: IsoDuration;
  /** Each extension moves the deadline by exactly this much. */
  step?: IsoDuration;
  /** How many times it may be extended. */
  max_count?: number;
  /** The latest any extension may reach, e.g. `{after: occurred, within: P1Y}`. */
  cap?: TimeRule;
  /** What each extension must record beyond its reason: who asked, and that it was in writing. */
  basis?: ('requested_by' | 'written')[];
}

/**
 * A deadline clock that stops while a determination stands (`cic pause`), with reassessments due
 * while it is stopped. Resumed, the deadline moves later by the time paused, or with `after_resume`
 * is that long after the pause ends (never before the deadline the rule gave).
 */
export interface Pausable {
  reassess_every?: IsoDuration;
  after_resume?: IsoDuration;
  /** No pause holds past this. */
  cap?: TimeRule;
  basis?: 'written'[];
}

export interface Reference {
  /** Statute, policy or accreditation standard, e.g. "RSMo 610.023.3". */
  citation: string;
  url?: string;
  note?: string;
}

export interface StatementOptions {
  /** A first/holding statement: the six CERC elements are checked. */
  first?: boolean;
  /** Talking points: released to the speakers and the governing body, not to the public. */
  talking_points?: boolean;
}

export interface Action {
  id: string;
  title: string;
  kind: ActionKind;
  owner: string;
  /** Roles that must approve: a statement's draft before release, any other action before `done`. */
  approvers?: string[];
  /** How many of `approvers` must approve (1: any one; 2 of 3 …). Default: all of them. */
  approvals_needed?: number;
  notify?: string[];
  /** Tiers for which the action applies; absent = every tier. */
  tiers?: string[];
  /** A further condition on facts/tier. */
  when?: Condition;
  /** False for advisory items: closing with them open needs no confirmation. Default true. */
  required?: boolean;
  due: TimeRule;
  /** A goal sooner than the deadline ("as soon as feasible"): shown, never counted late. */
  target?: TimeRule;
  /**
   * A kind of request (`records-request`): the action is owed once per request of that kind
   * (`cic request add`), each item timed from its own receipt (the `received` anchor).
   */
  per_request?: string;
  repeat?: Recurrence;
  extendable?: Extension;
  pausable?: Pausable;
  depends_on?: string[];
  /** Statement template id (kind `statement`, sometimes `press-conference`). */
  template?: string;
  statement?: StatementOptions;
  required_facts?: string[];
  channels?: string[];
  guidance?: string;
  /** Press conferences: the facts `cic schedule` records the start and place in. */
  schedule_facts?: { start?: string; place?: string };
  /** Press conferences: what the speakers must not say, printed on the run sheet. */
  hold_lines?: string[];
  references?: Reference[];
}

export interface Template {
  id: string;
  title?: string;
  /** Inline text with `{{fact_id}}` placeholders; exclusive with `file`. */
  text?: string;
  /** A file beside the playbook; the loader reads it into `text`. */
  file?: string;
}

export interface FlaggedPhrase {
  /** Case-insensitive text, or an RE2 regular expression (linear time) when `regex` is true. */
  pattern: string;
  regex?: boolean;
  reason: string;
}

export interface CercElement {
  id: string;
  title: string;
  /** Any of these (case-insensitive) marks the element as present. */
  cues: string[];
}

export interface StatementChecks {
  flagged_phrases?: FlaggedPhrase[];
  cerc?: CercElement[];
}

export interface Playbook {
  cic: 1;
  id: string;
  version: string;
  title: string;
  jurisdiction: string;
  description?: string;
  time_zone: string;
  calendar: BusinessCalendar;
  roles: Role[];
  facts: Fact[];
  classification: Classification;
  actions: Action[];
  templates: Template[];
  checks?: StatementChecks;
}

/** A loaded playbook with where it came from and the digest incidents freeze. */
export interface LoadedPlaybook {
  playbook: Playbook;
  /** The file it was read from (display path). */
  file: string;
  /** SHA-256 (hex) of `source`. */
  sha256: string;
  /**
   * The self-contained text frozen into each incident folder: the file's own text, with any
   * template `file:` references replaced by their inline `text:`. Loading a frozen copy gives back
   * the same `source` and `sha256`.
   */
  source: string;
}

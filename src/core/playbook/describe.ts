/**
 * A playbook in words, for people reading the plan rather than running an incident: deadlines
 * ("within 15 minutes of declaration", "45 days after the incident, extendable by 30 days with a
 * reason"), conditions ("injury_level is one of hospitalised, death"), and a tier's actions in
 * the order they fall due. Pure: no dates are computed here, only their shape.
 *
 * Words that quote the playbook (titles, ids, values) are put in as written: these are words
 * being built, not shown, so each view escapes them once as it prints them (docs/escaping.md).
 */
import { durationInWords, isClockDuration, parseDuration, type Duration } from '../time/duration.js';
import {
  anchorOf,
  promiseUpdates,
  type Action,
  type Anchor,
  type Condition,
  type Extension,
  type FactValue,
  type Fact,
  type Pausable,
  type Recurrence,
  type TimeAmount,
  type TimeRule,
} from './model.js';

/** How each fixed anchor reads after "within … of" and after "… after". */
const ANCHORS = {
  occurred: { of: 'the incident', after: 'the incident' },
  declared: { of: 'declaration', after: 'declaration' },
  tier_set: { of: 'the tier being set', after: 'the tier is set' },
  closed: { of: 'closing', after: 'closing' },
  received: { of: 'the request being received', after: 'the request is received' },
} as const;

/** The title of the action an anchor names, quoted; its id when the playbook has no such action. */
function actionPhrase(id: string, actions: readonly Action[]): string {
  const found = actions.find((a) => a.id === id);
  return `“${found ? found.title : id}” is done`;
}

/** The scheduled start of the press conference an anchor names: "the start of “Title”". */
function startPhrase(id: string, actions: readonly Action[]): string {
  const found = actions.find((a) => a.id === id);
  return `the start of “${found ? found.title : id}”`;
}

/** An anchor after "within … of" and after "… after" / "… before". */
function anchorPhrases(anchor: Anchor, actions: readonly Action[]): { of: string; after: string } {
  if (typeof anchor !== 'object') return ANCHORS[anchor];
  if ('fact' in anchor) return { of: `the time in ${anchor.fact}`, after: `the time in ${anchor.fact}` };
  if ('scheduled' in anchor) {
    const start = startPhrase(anchor.scheduled, actions);
    return { of: start, after: start };
  }
  const done = actionPhrase(anchor.action, actions);
  return { of: done, after: done };
}

function amountWords(rule: TimeAmount): { words: string; zero: boolean; calendar: boolean } {
  if (rule.business_days !== undefined) {
    const n = rule.business_days;
    return { words: `${n} business day${n === 1 ? '' : 's'}`, zero: n === 0, calendar: false };
  }
  if (rule.business_hours !== undefined) {
    const n = rule.business_hours;
    return {
      words: `${n} hour${n === 1 ? '' : 's'} not counting weekends and holidays`,
      zero: n === 0,
      calendar: true,
    };
  }
  const d = rule.within === undefined ? undefined : parseDuration(rule.within);
  if (!d) return { words: rule.within ?? 'no time', zero: false, calendar: false };
  const words = durationInWords(d);
  return { words, zero: words === 'no time', calendar: !isClockDuration(d) };
}

function simpleRuleWords(rule: TimeRule, amountRule: TimeAmount, actions: readonly Action[]): string {
  const amount = amountWords(amountRule);
  if (rule.before !== undefined) {
    const anchor = anchorPhrases(rule.before, actions);
    return amount.zero ? `at ${anchor.after}` : `${amount.words} before ${anchor.after}`;
  }
  if (rule.after === undefined) return 'no time';
  if (typeof rule.after === 'object' && 'scheduled' in rule.after) {
    const start = startPhrase(rule.after.scheduled, actions);
    return amount.zero ? `at ${start}` : `${amount.words} after ${start}`;
  }
  if (typeof rule.after === 'object' && 'action' in rule.after) {
    const done = actionPhrase(rule.after.action, actions);
    return amount.zero ? `as soon as ${done}` : `${amount.words} after ${done}`;
  }
  const anchor = anchorPhrases(rule.after, actions);
  // A time a fact holds is a moment ahead or behind, not an event to follow: due "at" it.
  if (amount.zero && typeof rule.after === 'object') return `at ${anchor.after}`;
  if (amount.zero) return `immediately after ${anchor.after}`;
  return amount.calendar ? `${amount.words} after ${anchor.after}` : `within ${amount.words} of ${anchor.of}`;
}

/**
 * A deadline rule in words. Clock and business-day offsets from an event read "within 1 hour of
 * the incident"; calendar offsets read "45 days after the incident" (the due time is a date, not
 * a stopwatch); offsets from another action read "1 hour after “Title” is done"; rules before an
 * anchor read "24 hours not counting weekends and holidays before the time in meeting_at".
 */
export function deadlineRuleWords(rule: TimeRule, actions: readonly Action[]): string {
  if (rule.earliest_of)
    return `whichever comes first of ${rule.earliest_of.map((r) => deadlineRuleWords(r, actions)).join('; ')}`;
  if (rule.latest_of)
    return `whichever comes last of ${rule.latest_of.map((r) => deadlineRuleWords(r, actions)).join('; ')}`;
  const words = simpleRuleWords(rule, rule, actions);
  if (!rule.by_tier) return words;
  const tiers = rule.by_tier.map((b) => `${b.tiers.join(', ')}: ${simpleRuleWords(rule, b, actions)}`);
  return `${words} (by tier, ${tiers.join('; ')})`;
}

/** A point in time (a sensitive fact's release time) in words: "48 hours after “Title” is done". */
export function pointWords(rule: TimeRule, actions: readonly Action[]): string {
  if (rule.earliest_of || rule.latest_of || rule.before !== undefined || rule.by_tier)
    return deadlineRuleWords(rule, actions);
  const amount = amountWords(rule);
  const from = anchorOf(rule);
  const after = from === undefined ? 'no time' : anchorPhrases(from, actions).after;
  return amount.zero ? after : `${amount.words} after ${after}`;
}

export function repeatWords(repeat: Recurrence): string {
  const every = parseDuration(repeat.every);
  return `every ${every ? durationInWords(every) : repeat.every} after that until closed`;
}

const SMALL = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
/** "1 year" → "one year": a cap reads as the law writes it ("up to one year after the incident"). */
const spelled = (words: string) =>
  words.replace(/^(\d+) /, (m, n: string) => (Number(n) < SMALL.length ? `${SMALL[Number(n)]} ` : m));

export function extensionWords(ext: Extension, actions: readonly Action[] = []): string {
  const parts: string[] = [];
  const step = ext.step === undefined ? undefined : parseDuration(ext.step);
  const max = ext.max === undefined ? undefined : parseDuration(ext.max);
  if (step) parts.push(`extendable by ${durationInWords(step)} at a time`);
  else if (max) parts.push(`extendable by ${durationInWords(max)}`);
  else parts.push('extendable');
  if (step && max) parts.push(`by at most ${durationInWords(max)} in total`);
  if (ext.max_count !== undefined) parts.push(ext.max_count === 1 ? 'once' : `at most ${ext.max_count} times`);
  if (ext.cap) parts.push(`up to ${spelled(pointWords(ext.cap, actions))}`);
  const basis = ext.basis ?? [];
  const asked = basis.includes('requested_by');
  const written = basis.includes('written');
  const reason =
    asked && written
      ? 'a written request on record'
      : asked
        ? 'who asked on record'
        : written
          ? 'a written basis on record'
          : 'a reason';
  return `${parts.join(', ')}${parts.length > 1 ? ',' : ''} with ${reason}`;
}

/** "may be paused while a determination stands, reassessed every 30 days, up to one year after the incident" */
export function pauseWords(p: Pausable, actions: readonly Action[] = []): string {
  const parts = [`may be paused while a${p.basis?.includes('written') ? ' written' : ''} determination stands`];
  const every = p.reassess_every === undefined ? undefined : parseDuration(p.reassess_every);
  if (every) parts.push(`reassessed every ${durationInWords(every)}`);
  const after = p.after_resume === undefined ? undefined : parseDuration(p.after_resume);
  if (after === undefined) parts.push('the deadline moving by the time paused');
  else if (Object.values(after).every((n) => n === 0)) parts.push('then due when the pause ends');
  else parts.push(`then due ${durationInWords(after)} after the pause ends`);
  if (p.cap) parts.push(`up to ${spelled(pointWords(p.cap, actions))}`);
  return parts.join(', ');
}

/** The whole deadline of an action: target, rule, then recurrence, then extension. */
export function deadlineWords(action: Action, actions: readonly Action[]): string {
  const parts = [deadlineRuleWords(action.due, actions)];
  if (action.target) parts.unshift(`aim for ${deadlineRuleWords(action.target, actions)}; at the latest`);
  if (action.repeat) parts.push(`then ${repeatWords(action.repeat)}`);
  if (action.extendable) parts.push(extensionWords(action.extendable, actions));
  if (action.pausable) parts.push(pauseWords(action.pausable, actions));
  return parts.join(', ').replace('at the latest, ', 'at the latest ');
}

/** When a sensitive fact may first appear in a released statement, or undefined if it is not sensitive. */
export function releaseWords(fact: Fact, actions: readonly Action[]): string | undefined {
  return fact.sensitive ? `not before ${pointWords(fact.sensitive.not_before, actions)}` : undefined;
}

/** What a released promise of this fact owes (docs/playbook-authoring.md#promised-updates), if anything. */
export function promiseRuleWords(fact: Fact, actions: readonly Action[]): string | undefined {
  const updates = promiseUpdates(fact);
  if (updates === undefined) return fact.promise === true ? 'never a time already past' : undefined;
  const titles = updates.map((id) => `“${actions.find((a) => a.id === id)?.title ?? id}”`);
  if (titles.length === 1)
    return `never a time already past; once released, the next ${titles[0]} is due by then (where it does not apply, the promise alone owes one)`;
  return `never a time already past; once released, the next ${titles.join(' or ')} (the first of them the incident's tier has) is due by then (where none applies, the promise alone owes the first)`;
}

function valueWords(v: FactValue): string {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  return String(v);
}

/** A condition in words: "shots_fired is yes or (force_used is yes and injury_level is one of …)". */
export function conditionWords(c: Condition): string {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const parts = isAll ? c.all : c.any;
    if (parts.length === 0) return isAll ? 'always' : 'never';
    const joined = parts.map((p) =>
      ('all' in p || 'any' in p) && listLength(p) > 1 ? `(${conditionWords(p)})` : conditionWords(p),
    );
    return joined.join(isAll ? ' and ' : ' or ');
  }
  if ('not' in c) return `not (${conditionWords(c.not)})`;
  if ('tier' in c) return `the tier is ${c.tier.join(' or ')}`;
  const fact = c.fact;
  if ('equals' in c) return `${fact} is ${valueWords(c.equals)}`;
  if ('in' in c)
    return c.in.length === 1
      ? `${fact} is ${valueWords(c.in[0]!)}`
      : `${fact} is one of ${c.in.map(valueWords).join(', ')}`;
  return c.set ? `${fact} is recorded` : `${fact} is not recorded`;
}

const listLength = (c: Condition) => ('all' in c ? c.all.length : 'any' in c ? c.any.length : 1);

/**
 * The part of a condition that is still open once the tier is known: `{tier: […]}` tests become
 * true or false and the groups around them simplify. `true`/`false` when the tier alone decides.
 */
export function conditionForTier(c: Condition, tier: string): Condition | boolean {
  if ('tier' in c) return c.tier.includes(tier);
  if ('not' in c) {
    const inner = conditionForTier(c.not, tier);
    return typeof inner === 'boolean' ? !inner : { not: inner };
  }
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const decisive = !isAll; // `false` decides an all, `true` decides an any
    const rest: Condition[] = [];
    for (const part of isAll ? c.all : c.any) {
      const r = conditionForTier(part, tier);
      if (r === decisive) return decisive;
      if (typeof r !== 'boolean') rest.push(r);
    }
    if (rest.length === 0) return isAll;
    if (rest.length === 1) return rest[0]!;
    return isAll ? { all: rest } : { any: rest };
  }
  return c;
}

/** Whether an action is on a tier's list, and the fact condition (if any) it still depends on. */
export function applicability(action: Action, tier: string): { applies: boolean; condition?: Condition } {
  if (action.tiers && !action.tiers.includes(tier)) return { applies: false };
  if (!action.when) return { applies: true };
  const rest = conditionForTier(action.when, tier);
  if (typeof rest === 'boolean') return { applies: rest };
  return { applies: true, condition: rest };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Roughly how long an offset is, for ordering only: months as 30.44 days, years as 365.25. */
export function approximateMillis(rule: TimeRule): number {
  const list = rule.earliest_of ?? rule.latest_of;
  if (list) {
    const each = list.map(approximateMillis);
    return rule.earliest_of ? Math.min(...each) : Math.max(...each);
  }
  const sign = rule.before !== undefined ? -1 : 1;
  // Five business days take a week, so one takes 7/5 of a calendar day on average.
  if (rule.business_days !== undefined) return (sign * rule.business_days * 7 * DAY) / 5;
  if (rule.business_hours !== undefined) return (sign * rule.business_hours * 7 * HOUR) / 5;
  const d: Duration | undefined = rule.within === undefined ? undefined : parseDuration(rule.within);
  if (!d) return 0;
  const days = d.years * 365.25 + d.months * 30.44 + d.weeks * 7 + d.days;
  return sign * (days * DAY + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
}

/** Where an action falls: everything before closing comes first (phase 0), then after (phase 1). */
interface Estimate {
  phase: 0 | 1;
  ms: number;
}

const later = (a: Estimate, b: Estimate) => (a.phase !== b.phase ? a.phase > b.phase : a.ms > b.ms);

function anchorEstimate(anchor: Anchor | undefined, estimateOf: (id: string) => Estimate): Estimate {
  if (anchor === undefined) return { phase: 0, ms: 0 };
  // A date-time fact (a meeting) is some time after the start; order it there.
  if (typeof anchor === 'object' && 'fact' in anchor) return { phase: 0, ms: 0 };
  // One millisecond later than its anchor, so "as soon as X is done" still sorts after X.
  if (typeof anchor === 'object') {
    const a = estimateOf('scheduled' in anchor ? anchor.scheduled : anchor.action);
    return { phase: a.phase, ms: a.ms + 1 };
  }
  return { phase: anchor === 'closed' ? 1 : 0, ms: 0 };
}

export interface TimedAction {
  action: Action;
  /** The fact condition still to be met for this tier, when there is one. */
  condition?: Condition;
}

/**
 * A tier's actions in the order they fall due: by offset from the incident's start (occurred,
 * declared and tier_set all count as the start), actions anchored on another action after that
 * action, actions that depend on others no earlier than those, and everything anchored on closing
 * last. Ties keep the playbook's order.
 */
export function actionsInTimeOrder(actions: readonly Action[], tier: string): TimedAction[] {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const memo = new Map<string, Estimate>();
  const visiting = new Set<string>();
  const estimateOf = (id: string): Estimate => {
    const known = memo.get(id);
    if (known) return known;
    const action = byId.get(id);
    // Unknown ids and cycles are the validator's to report; here they simply order first.
    if (!action || visiting.has(id)) return { phase: 0, ms: 0 };
    visiting.add(id);
    const first = action.due.earliest_of?.[0] ?? action.due.latest_of?.[0] ?? action.due;
    const base = anchorEstimate(anchorOf(first), estimateOf);
    // A run-of-show step counted back from a start sorts just before it, in the order of its
    // offset (the offset itself could put it before the incident).
    const offset = first.before === undefined ? approximateMillis(action.due) : approximateMillis(first) / 1e6;
    let est: Estimate = { phase: base.phase, ms: base.ms + offset };
    for (const dep of action.depends_on ?? []) {
      const d = estimateOf(dep);
      if (!later(est, d)) est = { phase: d.phase, ms: d.ms + 1 };
    }
    visiting.delete(id);
    memo.set(id, est);
    return est;
  };
  const timed = actions
    .map((action, index) => ({ action, index, fit: applicability(action, tier), est: estimateOf(action.id) }))
    .filter((t) => t.fit.applies);
  timed.sort((a, b) => a.est.phase - b.est.phase || a.est.ms - b.est.ms || a.index - b.index);
  return timed.map(({ action, fit }) => (fit.condition ? { action, condition: fit.condition } : { action }));
}

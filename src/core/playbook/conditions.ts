/**
 * Playbook conditions over facts and tier: evaluating them, saying in words why they hold,
 * classifying an incident into the most severe matching tier, and reading typed fact values
 * from `--fact key=value` text. Pure: values in, values out.
 *
 * Words returned by `explain` and `classify` already pass fact values and ids through `visible`
 * (which is idempotent), so a view may print them as they are.
 */
import { InputError } from '../errors.js';
import { visible, oneLine } from '../text/visible.js';
import { parseUserTime } from '../time/format.js';
import type { Action, Condition, Fact, FactValue, Playbook, Tier } from './model.js';

export type FactMap = Readonly<Record<string, FactValue>>;

export interface ConditionContext {
  facts: FactMap;
  /** The incident's current tier id; absent before classification. */
  tier?: string | undefined;
}

/** A fact's value, reading only own properties (a fact named `constructor` is just a fact). */
function valueOf(facts: FactMap, id: string): FactValue | undefined {
  return Object.hasOwn(facts, id) ? facts[id] : undefined;
}

/** Same type and same value: the string "3" never equals the number 3, "Fatal" never "fatal". */
const same = (a: FactValue | undefined, b: FactValue) => typeof a === typeof b && a === b;

export function evaluate(cond: Condition, ctx: ConditionContext): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, ctx));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, ctx));
  if ('not' in cond) return !evaluate(cond.not, ctx);
  if ('tier' in cond) return ctx.tier !== undefined && cond.tier.includes(ctx.tier);
  const value = valueOf(ctx.facts, cond.fact);
  if ('equals' in cond) return same(value, cond.equals);
  if ('in' in cond) return cond.in.some((v) => same(value, v));
  return (value !== undefined) === cond.set;
}

// Raw words: a classification reason is kept in the log, and escaped where it is shown (docs/escaping.md).
const show = (v: FactValue) => String(v);
const list = (vs: readonly FactValue[]) => vs.map(show).join(', ');

/**
 * Why `cond` has the value it has in `ctx`, in words: when it holds, the parts that make it hold
 * ("any of: injury is fatal (one of serious, fatal)"); when it does not, the parts that make it
 * fail ("none of: …").
 */
export function explain(cond: Condition, ctx: ConditionContext): string {
  return describe(cond, ctx, evaluate(cond, ctx));
}

function describe(cond: Condition, ctx: ConditionContext, holds: boolean): string {
  if ('not' in cond) return describe(cond.not, ctx, !holds);
  if ('all' in cond || 'any' in cond) {
    const isAll = 'all' in cond;
    const children = isAll ? cond.all : cond.any;
    // Only the children that agree with the result decide it.
    const deciding = children.filter((c) => evaluate(c, ctx) === holds);
    const parts = deciding.map((c) => group(c, describe(c, ctx, holds)));
    if (parts.length === 0) return isAll ? 'always (an empty "all")' : 'never (an empty "any")';
    if (isAll === holds) return `${isAll ? 'all' : 'none'} of: ${parts.join('; ')}`;
    // A failing "all" or a holding "any": the deciding children speak for themselves.
    return isAll ? parts.join('; ') : `any of: ${parts.join('; ')}`;
  }
  if ('tier' in cond) {
    const current = ctx.tier;
    const options = cond.tier.length === 1 ? '' : ` (one of ${list(cond.tier)})`;
    if (holds) return `tier is ${current}${options}`;
    if (current === undefined) return 'no tier is set yet';
    return `tier is ${current}, not ${cond.tier.length === 1 ? list(cond.tier) : `one of ${list(cond.tier)}`}`;
  }
  const name = cond.fact;
  const value = valueOf(ctx.facts, cond.fact);
  if ('set' in cond) {
    const recorded = value !== undefined;
    return recorded ? `${name} is recorded (${show(value)})` : `${name} is not recorded`;
  }
  if (value === undefined) return `${name} is not recorded`;
  if ('equals' in cond)
    return holds ? `${name} is ${show(value)}` : `${name} is ${show(value)}, not ${show(cond.equals)}`;
  return holds
    ? `${name} is ${show(value)} (one of ${list(cond.in)})`
    : `${name} is ${show(value)}, not one of ${list(cond.in)}`;
}

/** Parenthesise nested groups so "all of: (any of: a; b); c" reads unambiguously. */
function group(c: Condition, text: string): string {
  const nested = ('all' in c || 'any' in c || 'not' in c) && (text.includes(';') || /^(all|any|none) of:/.test(text));
  return nested ? `(${text})` : text;
}

/**
 * The most severe tier whose `when` holds for the facts. A tier without `when` is manual-only:
 * it is never chosen here, only by `--tier` or escalation. Undefined when nothing matches.
 */
export function classify(playbook: Playbook, facts: FactMap): { tier: Tier; reason: string } | undefined {
  for (const tier of playbook.classification.tiers) {
    if (!tier.when) continue;
    const ctx = { facts };
    if (!evaluate(tier.when, ctx)) continue;
    const definition = tier.definition.trim().replace(/\s+/g, ' ');
    return {
      tier,
      reason: `${tier.name}: ${definition} — matched because ${explain(tier.when, ctx)}`,
    };
  }
  return undefined;
}

/** The classification questions not answered yet, in the playbook's order. */
export function missingQuestions(playbook: Playbook, facts: FactMap): string[] {
  const seen = new Set<string>();
  return playbook.classification.questions.filter((id) => {
    if (seen.has(id)) return false;
    seen.add(id);
    return valueOf(facts, id) === undefined;
  });
}

/** Whether an action is part of this incident: its tiers (absent = every tier) and its `when`. */
export function actionApplies(action: Action, ctx: ConditionContext): boolean {
  if (action.tiers && (ctx.tier === undefined || !action.tiers.includes(ctx.tier))) return false;
  return action.when === undefined || evaluate(action.when, ctx);
}

const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);
const WITH_OFFSET = /(?:[Zz]|[+-]\d{2}:\d{2})$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A fact value from text, typed by the fact: number, boolean (true/false/yes/no, any case),
 * date-time (RFC 3339, or local time in `zone` when one is given; stored as UTC ISO text),
 * choice (one of its choices; a different case is accepted and stored as written in the
 * playbook), or text (kept verbatim). Throws an InputError naming the fact and what it accepts.
 */
export function parseFactValue(fact: Fact, text: string, zone?: string): FactValue {
  const id = oneLine(fact.id);
  const shown = oneLine(text);
  const trimmed = text.trim();
  const refuse = (expects = expectation(fact), hint?: string): never => {
    throw new InputError(`Fact ${id} expects ${expects}, not "${shown}".`, hint ?? `Give it as --fact ${id}=VALUE.`);
  };
  if (trimmed === '') refuse();
  switch (fact.type) {
    case 'number': {
      const n = Number(trimmed);
      if (!NUMBER.test(trimmed) || !Number.isFinite(n)) refuse();
      return n;
    }
    case 'boolean': {
      const word = trimmed.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return refuse();
    }
    case 'date-time': {
      // Without the playbook's zone a local time would be a guess: require an offset then.
      if (zone === undefined && !WITH_OFFSET.test(trimmed)) {
        refuse('an RFC 3339 time with an offset', 'Write it like 2026-11-26T14:05:00-06:00 or 2026-11-26T20:05:00Z.');
      }
      return parseUserTime(trimmed, zone ?? 'UTC', `Fact ${id}`).toISOString();
    }
    case 'choice': {
      const choices = fact.choices ?? [];
      if (choices.includes(trimmed)) return trimmed;
      const folded = choices.filter((c) => c.toLowerCase() === trimmed.toLowerCase());
      if (folded.length === 1) return folded[0]!;
      return refuse(expectation(fact));
    }
    case 'text':
      return text;
  }
}

function expectation(fact: Fact): string {
  switch (fact.type) {
    case 'number':
      return 'a number (like 3 or 2.5)';
    case 'boolean':
      return 'yes or no (or true/false)';
    case 'date-time':
      return 'a date and time (like 2026-11-26 14:05)';
    case 'choice':
      return `one of: ${(fact.choices ?? []).map((c) => oneLine(c)).join(', ')}`;
    case 'text':
      return 'some text';
  }
}

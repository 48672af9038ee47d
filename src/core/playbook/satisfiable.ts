/**
 * Static analysis of playbook conditions: can this condition ever hold? A tier or an action whose
 * condition never matches is an authoring mistake that would otherwise stay silent until the
 * night it matters.
 *
 * Each fact (and the tier) is a variable whose value is one of its possible values or "not
 * recorded". The condition is put in disjunctive normal form (bounded; past the bound it is
 * assumed satisfiable) and each conjunction is checked: for every variable, some value must meet
 * all of its constraints. Evaluation itself lives in conditions.ts; this only reasons about it,
 * with the same meaning: `equals`/`in` compare type and value, `set: true` means recorded.
 */
import { pointer } from './locate.js';
import type { Condition, Fact, FactValue } from './model.js';

export interface ConditionDomain {
  facts: ReadonlyMap<string, Fact>;
  tiers: readonly string[];
}

export interface NeverMatches {
  /** JSON Pointer of the condition, relative to the one checked. */
  path: string;
  reason: string;
}

const UNSET = 'unset';
type Key = string;
const keyOf = (v: FactValue): Key => `${typeof v}:${String(v)}`;

/** The values a variable may take: exactly `keys`, or anything but `keys`. */
interface ValueSet {
  only: boolean;
  keys: ReadonlySet<Key>;
}

type Conjunction = Map<string, ValueSet>;

interface Dnf {
  terms: Conjunction[];
  /** Why terms were dropped, first one first. */
  dead: string[];
}

const MAX_TERMS = 512;

/** Every sub-condition that can never hold, outermost first (not the ones inside it). */
export function neverMatching(cond: Condition, domain: ConditionDomain, also?: Condition): NeverMatches[] {
  const out: NeverMatches[] = [];
  const visit = (c: Condition, path: string, extra?: Condition) => {
    const whole = extra ? { all: [c, extra] } : c;
    const reason = unsatisfiable(whole, domain);
    if (reason !== undefined) {
      out.push({ path, reason });
      return;
    }
    if ('all' in c) c.all.forEach((s, i) => visit(s, pointer(pointer(path, 'all'), i)));
    else if ('any' in c) c.any.forEach((s, i) => visit(s, pointer(pointer(path, 'any'), i)));
    else if ('not' in c) visit(c.not, pointer(path, 'not'));
  };
  visit(cond, '', also);
  return out;
}

/** Why `cond` can never hold, or undefined when it can (or the analysis gave up). */
export function unsatisfiable(cond: Condition, domain: ConditionDomain): string | undefined {
  const dnf = normalise(cond, false, domain);
  if (dnf === undefined || dnf.terms.length > 0) return undefined;
  return dnf.dead[0] ?? 'it never holds';
}

function normalise(c: Condition, negated: boolean, domain: ConditionDomain): Dnf | undefined {
  if ('not' in c) return normalise(c.not, !negated, domain);
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const parts = isAll ? c.all : c.any;
    const children: Dnf[] = [];
    for (const p of parts) {
      const d = normalise(p, negated, domain);
      if (d === undefined) return undefined;
      children.push(d);
    }
    // not(all) = any(not …), not(any) = all(not …)
    if (isAll !== negated) return product(children, domain);
    if (children.length === 0)
      return { terms: [], dead: [negated ? '"not" of an empty "all" never holds' : 'an empty "any" never holds'] };
    const terms = children.flatMap((d) => d.terms);
    return terms.length > MAX_TERMS ? undefined : { terms, dead: children.flatMap((d) => d.dead) };
  }
  const [variable, set] = atom(c);
  const value = negated ? { only: !set.only, keys: set.keys } : set;
  const problem = emptiness(variable, value, domain);
  if (problem) return { terms: [], dead: [problem] };
  return { terms: [new Map([[variable, value]])], dead: [] };
}

function atom(c: Condition): [string, ValueSet] {
  if ('tier' in c) return ['tier', { only: true, keys: new Set(c.tier.map(keyOf)) }];
  if ('equals' in c) return [`fact:${c.fact}`, { only: true, keys: new Set([keyOf(c.equals)]) }];
  if ('in' in c) return [`fact:${c.fact}`, { only: true, keys: new Set(c.in.map(keyOf)) }];
  if ('set' in c) return [`fact:${c.fact}`, { only: !c.set, keys: new Set([UNSET]) }];
  throw new Error('unknown condition');
}

/** The conjunction of several DNFs: every combination of their terms. */
function product(children: Dnf[], domain: ConditionDomain): Dnf | undefined {
  let acc: Dnf = { terms: [new Map()], dead: [] };
  for (const child of children) {
    const terms: Conjunction[] = [];
    const dead = [...acc.dead, ...child.dead];
    for (const a of acc.terms) {
      for (const b of child.terms) {
        const merged = new Map(a);
        let problem: string | undefined;
        for (const [variable, set] of b) {
          const prev = merged.get(variable);
          const both = prev ? intersect(prev, set) : set;
          problem = emptiness(variable, both, domain, prev && [prev, set]);
          if (problem) break;
          merged.set(variable, both);
        }
        if (problem) dead.push(problem);
        else terms.push(merged);
        if (terms.length > MAX_TERMS) return undefined;
      }
    }
    acc = { terms, dead };
  }
  return acc;
}

function intersect(a: ValueSet, b: ValueSet): ValueSet {
  if (a.only && b.only) return { only: true, keys: new Set([...a.keys].filter((k) => b.keys.has(k))) };
  if (a.only) return { only: true, keys: new Set([...a.keys].filter((k) => !b.keys.has(k))) };
  if (b.only) return intersect(b, a);
  return { only: false, keys: new Set([...a.keys, ...b.keys]) };
}

/** Why no value of `variable` is in `set`, or undefined when some is. */
function emptiness(
  variable: string,
  set: ValueSet,
  domain: ConditionDomain,
  from?: [ValueSet, ValueSet],
): string | undefined {
  const possible = possibleValues(variable, domain);
  const fits = (k: Key) =>
    k === UNSET ||
    (possible.finite ? possible.keys.has(k) : k.startsWith(`${possible.type}:`) || possible.type === 'any');
  const empty = set.only
    ? ![...set.keys].some(fits)
    : possible.finite && [...possible.keys, UNSET].every((k) => set.keys.has(k));
  if (!empty) return undefined;
  const name = variable === 'tier' ? 'the tier' : variable.slice('fact:'.length);
  if (from) return `${name} would have to be ${words(from[0])}, and also ${words(from[1])}`;
  return `${name} can never be ${words(set)}${possible.hint}`;
}

interface Possible {
  finite: boolean;
  keys: ReadonlySet<Key>;
  type: string;
  hint: string;
}

function possibleValues(variable: string, domain: ConditionDomain): Possible {
  if (variable === 'tier') return { finite: true, keys: new Set(domain.tiers.map(keyOf)), type: 'string', hint: '' };
  const fact = domain.facts.get(variable.slice('fact:'.length));
  if (!fact) return { finite: false, keys: new Set(), type: 'any', hint: '' };
  switch (fact.type) {
    case 'boolean':
      return {
        finite: true,
        keys: new Set([keyOf(true), keyOf(false)]),
        type: 'boolean',
        hint: ' (it is true or false)',
      };
    case 'choice': {
      // Without choices (reported on its own) a choice fact is any text.
      if (!fact.choices) return { finite: false, keys: new Set(), type: 'string', hint: '' };
      const choices = fact.choices;
      return {
        finite: true,
        keys: new Set(choices.map(keyOf)),
        type: 'string',
        hint: ` (its choices: ${choices.join(', ')})`,
      };
    }
    case 'number':
      return { finite: false, keys: new Set(), type: 'number', hint: ' (it is a number)' };
    default:
      return { finite: false, keys: new Set(), type: 'string', hint: ' (it is text)' };
  }
}

function words(set: ValueSet): string {
  const unset = set.keys.has(UNSET);
  const shown = [...set.keys]
    .filter((k) => k !== UNSET)
    .map((k) => (k.startsWith('string:') ? `"${k.slice(7)}"` : k.slice(k.indexOf(':') + 1)));
  if (set.only) {
    const all = unset ? [...shown, 'not recorded'] : shown;
    if (all.length === 0) return 'nothing';
    return all.length === 1 ? all[0]! : `one of ${all.join(', ')}`;
  }
  const other = shown.length === 0 ? '' : shown.length === 1 ? `other than ${shown[0]}` : `none of ${shown.join(', ')}`;
  return unset ? (other ? `recorded and ${other}` : 'recorded') : other;
}

/**
 * Promised public updates as deadlines (docs/playbook-authoring.md#promised-updates). A fact
 * marked `promise: {updates: U}` (next_update_at) is a time the city promised in public; every
 * released public statement whose text used it made that promise, and the promise is a deadline
 * of action U, the public update (with a list, the first U that applied in the incident's tier
 * when the statement was released):
 *
 * - a promise is owed by the first occurrence of U not yet done or skipped when it was made (a
 *   release of U itself first completes its own occurrence, so its promise is for the next one);
 * - a later statement promising a new time for the same occurrence replaces the earlier promise
 *   if it was released before the earlier promised time; released after it, the earlier promise
 *   was already broken and stays that occurrence's deadline;
 * - talking points are not a promise: they go to the speakers, not to the public.
 *
 * `schedule.ts` applies these: where U recurs in the tier (a cadence), the occurrence is due at
 * the earlier of its cadence time and the promise; where U does not apply, the promise alone makes
 * that occurrence owed. Pure.
 */
import { actionApplies } from '../playbook/conditions.js';
import { promiseUpdates, type Playbook } from '../playbook/model.js';
import type { Actor } from './events.js';
import type { IncidentState, OccurrenceRecord } from './state.js';

/** One statement's promise: the time it told the public, and when it went out. */
export interface MadePromise {
  fact: string;
  /** The promised time (RFC 3339). */
  at: string;
  statement: string;
  version: number;
  /** When the statement was released. */
  made_at: string;
  by: Actor;
  seq: number;
}

/** What the public was promised about one occurrence of the update action. */
export interface OccurrencePromise {
  /** The promise that sets the deadline. */
  promise: MadePromise;
  /** Its time, epoch ms. */
  due: number;
  /** Earlier promises a later statement replaced before their time, oldest first. */
  superseded: MadePromise[];
  /** Later promises released after this one's time had passed: they do not excuse it. */
  after_passed: MadePromise[];
}

/** Per update action id, per occurrence number. */
export type PromisedUpdates = Map<string, Map<number, OccurrencePromise>>;

export function promisedUpdates(state: IncidentState, playbook: Playbook): PromisedUpdates {
  const out: PromisedUpdates = new Map();
  const facts = playbook.facts.filter((f) => promiseUpdates(f) !== undefined);
  if (facts.length === 0) return out;
  const made: { update: string; promise: MadePromise }[] = [];
  for (const id of Object.keys(state.statements)) {
    const action = playbook.actions.find((a) => a.id === id);
    if (action === undefined || action.statement?.talking_points === true) continue;
    for (const release of state.statements[id]!.releases) {
      for (const fact of facts) {
        const value = release.facts[fact.id];
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) continue;
        made.push({
          update: promisedUpdate(promiseUpdates(fact)!, state, playbook, release.seq),
          promise: {
            fact: fact.id,
            at: value,
            statement: id,
            version: release.version,
            made_at: release.at,
            by: release.by,
            seq: release.seq,
          },
        });
      }
    }
  }
  made.sort((a, b) => a.promise.seq - b.promise.seq);
  // In log order an occurrence once resolved stays resolved, so each update's bound only moves on:
  // each search starts where the last one ended (a year of four-hourly updates is ~2,000 promises).
  const from = new Map<string, number>();
  for (const { update, promise } of made) {
    let byOccurrence = out.get(update);
    if (byOccurrence === undefined) out.set(update, (byOccurrence = new Map()));
    const k = boundOccurrence(state.actions[update], promise, update, from.get(update) ?? 0);
    from.set(update, k);
    const held = byOccurrence.get(k);
    if (held === undefined) {
      byOccurrence.set(k, { promise, due: Date.parse(promise.at), superseded: [], after_passed: [] });
    } else if (Date.parse(promise.made_at) <= held.due) {
      // The same time said again is the same promise, still shown as first made.
      if (promise.at === held.promise.at) continue;
      held.superseded.push(held.promise);
      held.due = Date.parse(promise.at);
      held.promise = promise;
    } else held.after_passed.push(promise);
  }
  return out;
}

/**
 * Which listed update a promise released at `seq` is owed by: the first that applied in the tier
 * the incident had then (Tier 3's daily update, not Tier 1's four-hourly one); when none did, the
 * first listed, which the promise alone then makes owed.
 */
function promisedUpdate(updates: readonly string[], state: IncidentState, playbook: Playbook, seq: number): string {
  const tier = state.tier_history.findLast((t) => t.seq < seq)?.tier;
  if (updates.length > 1 && tier !== undefined) {
    for (const id of updates) {
      const action = playbook.actions.find((a) => a.id === id);
      if (action && actionApplies(action, { facts: state.facts, tier })) return id;
    }
  }
  return updates[0]!;
}

/** The first occurrence of the update, from `start` on, not resolved when the promise was made. */
function boundOccurrence(
  records: Record<number, OccurrenceRecord> | undefined,
  promise: MadePromise,
  update: string,
  start: number,
): number {
  const resolved = (r: OccurrenceRecord | undefined) => {
    if (r === undefined) return false;
    const seqs = [r.completed?.seq, r.skipped?.seq].filter((s): s is number => s !== undefined);
    // The release of the update itself completes its occurrence in the entry right after it.
    const own = promise.statement === update ? promise.seq + 1 : promise.seq - 1;
    return seqs.some((s) => s < promise.seq || s === own);
  };
  let k = start;
  while (resolved(records?.[k])) k++;
  return k;
}

/** Whether any fact's promise can name action `id` as the update it promises. */
export function mayBePromised(id: string, playbook: Playbook): boolean {
  return playbook.facts.some((f) => promiseUpdates(f)?.includes(id) === true);
}

/** Whether a promise makes action `update` owed although its tier does not include it. */
export function promiseOwes(update: string, state: IncidentState, playbook: Playbook): boolean {
  // Working out every promise reads every release: only for an action a promise can name.
  if (!mayBePromised(update, playbook)) return false;
  return (promisedUpdates(state, playbook).get(update)?.size ?? 0) > 0;
}

/** A promise as the views show it: times as text in whatever form the view keeps them. */
export interface PromiseParts {
  statement: string;
  version: number;
  at: string;
  made_at: string;
}

/**
 * "promised for 06:00 in holding-statement v1 (released 02:15); supersedes the promise of 05:00
 * in media-statement v1": the same sentence in `cic status`, the walk-through and the report.
 */
export function promiseWords(
  p: { current: PromiseParts; superseded: readonly PromiseParts[]; after_passed: readonly PromiseParts[] },
  time: (t: string) => string,
): string {
  const one = (x: PromiseParts) => `${time(x.at)} in ${x.statement} v${x.version}`;
  const parts = [`promised for ${one(p.current)} (released ${time(p.current.made_at)})`];
  if (p.superseded.length) parts.push(`supersedes the promise of ${p.superseded.map(one).join(', then of ')}`);
  if (p.after_passed.length)
    parts.push(`promised again for ${p.after_passed.map(one).join(', then for ')} after this time had passed`);
  return parts.join('; ');
}

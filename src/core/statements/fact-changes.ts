/**
 * What the city said, and what changed: each release records the fact values its text was
 * rendered with. Walking every release in time order, a fact released with a different value than
 * the last time it was released ("four patrol cars", later "six") is a change worth pointing out
 * in `status`, `statements` and the after-action report.
 *
 * A version registered from an edited file carries the facts of the version it came from; words
 * typed by hand are not facts, so a change made only in the text is not seen here.
 */
import type { FactValue, Timestamp } from '../playbook/model.js';
import type { Release, StatementsState } from './state.js';

export interface FactChange {
  fact: string;
  before: FactValue;
  after: FactValue;
  /** The earlier release that said `before`, and the later one that said `after` (effective times). */
  from: { statement: string; version: number; at: Timestamp };
  to: { statement: string; version: number; at: Timestamp };
}

export function factChanges(slice: StatementsState): FactChange[] {
  const releases: (Release & { statement: string })[] = Object.values(slice).flatMap((entry) =>
    entry.releases.map((r) => ({ ...r, statement: entry.statement })),
  );
  releases.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
  const last = new Map<string, { value: FactValue; statement: string; version: number; at: Timestamp }>();
  const changes: FactChange[] = [];
  for (const r of releases) {
    for (const [fact, value] of Object.entries(r.facts)) {
      const prior = last.get(fact);
      if (prior && prior.value !== value) {
        changes.push({
          fact,
          before: prior.value,
          after: value,
          from: { statement: prior.statement, version: prior.version, at: prior.at },
          to: { statement: r.statement, version: r.version, at: r.at },
        });
      }
      last.set(fact, { value, statement: r.statement, version: r.version, at: r.at });
    }
  }
  return changes;
}

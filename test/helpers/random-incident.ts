/**
 * Random incidents on any playbook, for properties that must hold whatever happened: a tier, facts,
 * actions done or skipped, statements released (with a promised time, where the playbook has a
 * promise fact, so that promised updates come into play), perhaps a closing, then a change of facts. Indexes are
 * taken modulo what the playbook has, so one story fits every playbook.
 */
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fold } from '../../src/core/incident/fold.js';
import type { IncidentState } from '../../src/core/incident/state.js';
import { promiseUpdates, type Fact, type FactValue, type Playbook } from '../../src/core/playbook/model.js';
import { loadPlaybook } from '../../src/io/playbook/load.js';
import { entries, line, opening, type Line } from '../cli/report/fixtures.js';

const ROOT = join(import.meta.dirname, '../../playbooks');

/** Every bundled playbook's file, relative to `playbooks/`. */
export const BUNDLED = [
  ...readdirSync(ROOT).filter((f) => f.endsWith('.yaml')),
  ...readdirSync(join(ROOT, 'examples')).map((f) => join('examples', f)),
];

/** The bundled playbooks, by file. */
export async function bundledPlaybooks(): Promise<Map<string, Playbook>> {
  const out = new Map<string, Playbook>();
  for (const f of BUNDLED) out.set(f, (await loadPlaybook(join(ROOT, f))).playbook);
  return out;
}

export const START = Date.parse('2026-11-26T08:00:00.000Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

export function valueOf(fact: Fact, n: number): FactValue {
  switch (fact.type) {
    case 'boolean':
      return n % 2 === 0;
    case 'number':
      return n % 5;
    case 'choice':
      return fact.choices![n % fact.choices!.length]!;
    case 'date-time':
      return iso(START + (n % 97) * 30 * MIN);
    default:
      return n % 3 === 0 ? '' : `text ${n % 3}`;
  }
}

/**
 * Whether `property` holds on every playbook of `playbooks`. For a negative control: give it a
 * seed, so that its failing does not depend on the luck of a random search.
 */
export function holdsOnEvery<T>(
  playbooks: ReadonlyMap<string, Playbook>,
  values: fc.Arbitrary<T>,
  property: (playbook: Playbook, value: T) => boolean,
  params: { numRuns: number; seed: number },
): boolean {
  return [...playbooks.values()].every((playbook) => {
    try {
      fc.assert(
        fc.property(values, (v) => property(playbook, v)),
        params,
      );
      return true;
    } catch {
      return false;
    }
  });
}

export interface Story {
  tier: number;
  facts: { fact: number; value: number }[];
  steps: { action: number; occurrence: number; skip: boolean; after: number }[];
  /** Statements released along the way (`statement` indexes the playbook's statement actions). */
  releases: { statement: number; after: number; promise: number }[];
  /** Whether the incident was closed (forced) before the change of facts. */
  closed: boolean;
  change: { fact: number; value: number }[];
  now: number;
}

export const story: fc.Arbitrary<Story> = fc.record({
  tier: fc.nat(9),
  facts: fc.array(fc.record({ fact: fc.nat(99), value: fc.nat(999) }), { maxLength: 12 }),
  steps: fc.array(
    fc.record({
      action: fc.nat(99),
      occurrence: fc.nat(2),
      skip: fc.boolean(),
      after: fc.integer({ min: 1, max: 300 }),
    }),
    { maxLength: 20 },
  ),
  releases: fc.array(
    fc.record({ statement: fc.nat(99), after: fc.integer({ min: 1, max: 300 }), promise: fc.nat(999) }),
    { maxLength: 4 },
  ),
  closed: fc.boolean(),
  change: fc.array(fc.record({ fact: fc.nat(99), value: fc.nat(999) }), { minLength: 1, maxLength: 3 }),
  now: fc.integer({ min: 0, max: 20_000 }),
});

export interface Played {
  /** The state before the change of facts, and after it. */
  before: IncidentState;
  after: IncidentState;
  /** The facts the change names. */
  facts: Set<string>;
  /** A time to look at the incident, after everything. */
  now: Date;
}

/** The story's log on `playbook`, folded before and after its change of facts. */
export function play(playbook: Playbook, s: Story): Played {
  const tiers = playbook.classification.tiers;
  const fact = (i: number) => playbook.facts[i % playbook.facts.length]!;
  const lines: Line[] = opening(iso(START), iso(START - 10 * MIN), tiers[s.tier % tiers.length]!.id);
  let t = START;
  for (const f of s.facts)
    lines.push(line('fact.recorded', { fact: fact(f.fact).id, value: valueOf(fact(f.fact), f.value) }, iso(t)));
  for (const step of s.steps) {
    t += step.after * MIN;
    const action = playbook.actions[step.action % playbook.actions.length]!.id;
    lines.push(
      step.skip
        ? line('action.skipped', { action, occurrence: step.occurrence, reason: 'not needed' }, iso(t))
        : line('action.completed', { action, occurrence: step.occurrence }, iso(t)),
    );
  }
  const statements = playbook.actions.filter((a) => a.kind === 'statement');
  const promise = playbook.facts.find((f) => promiseUpdates(f) !== undefined);
  const versions = new Map<string, number>();
  for (const r of statements.length ? s.releases : []) {
    t += r.after * MIN;
    const statement = statements[r.statement % statements.length]!.id;
    const version = (versions.get(statement) ?? 0) + 1;
    versions.set(statement, version);
    const facts = promise ? { [promise.id]: iso(t + (r.promise % 48) * 30 * MIN) } : {};
    const sha256 = version.toString(16).padStart(64, '0');
    const file = `drafts/${statement}.v${version}.md`;
    const text = `v${version}`;
    lines.push(
      line(
        'statement.drafted',
        { statement, version, file, sha256, text, facts, checks: [], source: 'template' },
        iso(t),
      ),
    );
    lines.push(line('statement.released', { statement, version, sha256, channels: ['web'], facts }, iso(t)));
  }
  if (s.closed) lines.push(line('incident.closed', { forced: true, left_open: [], reason: 'over' }, iso((t += MIN))));
  const before = fold(entries(lines), '2026-0042');
  t += MIN;
  const changed = s.change.map((c) =>
    line('fact.recorded', { fact: fact(c.fact).id, value: valueOf(fact(c.fact), c.value) }, iso(t)),
  );
  const after = fold(entries([...lines, ...changed]), '2026-0042');
  return { before, after, facts: new Set(s.change.map((c) => fact(c.fact).id)), now: new Date(t + s.now * MIN) };
}

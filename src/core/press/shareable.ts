/**
 * What may be shared at a given time, for the run sheet and the governing body's packet: the
 * facts confirmed so far (a sensitive fact only once its release time has passed — before that,
 * only that it is held back and until when), and the released statements' exact words with who
 * approved them. The words come from `texts` (a statement version's SHA-256 → its text), so this
 * stays pure; the command layer supplies them from the log. Pure.
 */
import { sensitiveReleaseTime, RELEASE_PENDING } from '../incident/schedule.js';
import type { Actor } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';
import type { Action, Fact, FactValue, Playbook } from '../playbook/model.js';
import { formatInZone } from '../time/format.js';
import { entryOf } from '../statements/state.js';

export interface SharedFact {
  fact: Fact;
  /** The value as a person reads it (date-times in the playbook's zone). */
  text: string;
}

export interface HeldFact {
  fact: Fact;
  /** Undefined: not before an event that has not happened yet. */
  until: Date | undefined;
  reason: string | undefined;
}

/** The recorded facts split into those that may be said at `at` and those held back. */
export function factsAt(
  state: IncidentState,
  playbook: Playbook,
  at: Date,
): { shared: SharedFact[]; held: HeldFact[] } {
  const shared: SharedFact[] = [];
  const held: HeldFact[] = [];
  for (const fact of playbook.facts) {
    if (!Object.hasOwn(state.facts, fact.id)) continue;
    const release = sensitiveReleaseTime(fact, state, playbook);
    if (release !== undefined && release.getTime() > at.getTime()) {
      held.push({ fact, until: release === RELEASE_PENDING ? undefined : release, reason: fact.sensitive?.reason });
      continue;
    }
    shared.push({ fact, text: factText(fact, state.facts[fact.id]!, playbook.time_zone) });
  }
  return { shared, held };
}

export function factText(fact: Fact, value: FactValue, zone: string): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (fact.type === 'date-time' && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return formatInZone(new Date(value), zone, 'yyyy-MM-dd HH:mm', { abbreviation: true });
  return String(value);
}

export interface ReleasedWords {
  action: Action;
  version: number;
  sha256: string;
  /** Undefined when the text is not available (the caller says so; the digest still identifies it). */
  text: string | undefined;
  released_at: Date;
  released_by: Actor;
  channels: string[];
  approvals: { by: Actor; at: Date }[];
}

/** Every release made by `at`, oldest first, of the statements `which` selects. */
export function releasedWords(
  state: IncidentState,
  playbook: Playbook,
  at: Date,
  texts: (sha256: string) => string | undefined,
  which: (action: Action) => boolean,
): ReleasedWords[] {
  const out: ReleasedWords[] = [];
  for (const action of playbook.actions) {
    if (!which(action)) continue;
    const entry = entryOf(state.statements, action.id);
    if (entry === undefined) continue;
    for (const r of entry.releases) {
      if (Date.parse(r.at) > at.getTime()) continue;
      out.push({
        action,
        version: r.version,
        sha256: r.sha256,
        text: texts(r.sha256),
        released_at: new Date(r.at),
        released_by: r.by,
        channels: r.channels,
        approvals: entry.approvals
          .filter((a) => a.version === r.version && a.sha256 === r.sha256)
          .map((a) => ({ by: a.by, at: new Date(a.at) })),
      });
    }
  }
  return out.sort((a, b) => a.released_at.getTime() - b.released_at.getTime());
}

export const isTalkingPoints = (a: Action): boolean => a.statement?.talking_points === true;
export const isPublicStatement = (a: Action): boolean =>
  !isTalkingPoints(a) && (a.kind === 'statement' || a.template !== undefined);

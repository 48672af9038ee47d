/**
 * What a statement's draft is made of, as pure functions: its action and template in the
 * playbook, date-time facts worded the way a statement says them, the facts it still needs, and
 * the context its checks run in. Shared by the statements decider and by the commands that ask a
 * person for missing facts before deciding.
 */
import { InputError } from '../errors.js';
import type { Actor, IncidentEvent, RecordedEvent } from '../incident/events.js';
import { evolve } from '../incident/fold.js';
import { RELEASE_PENDING, sensitiveReleaseTime } from '../incident/schedule.js';
import type { IncidentState } from '../incident/state.js';
import { timeIn } from '../incident/wording.js';
import type { Action, FactValue, Playbook } from '../playbook/model.js';
import { visible } from '../text/visible.js';
import { formatInZone, zoneAbbreviation } from '../time/format.js';
import type { CheckContext } from './checks.js';
import { factFormatter, placeholders, type FormatValue } from './render.js';
import { missingRequiredFacts } from './rules.js';

const one = (s: string) => visible(s, { singleLine: true });

/** The statement action, refusing ids that are not statements. */
export function statementAction(playbook: Playbook, statement: string): Action {
  const action = playbook.actions.find((a) => a.id === statement);
  const statementsList = playbook.actions
    .filter((a) => a.template !== undefined)
    .map((a) => a.id)
    .join(', ');
  if (!action)
    throw new InputError(
      `"${one(statement)}" is not an action of this incident's playbook`,
      `Its statements: ${statementsList}`,
    );
  if (action.template === undefined)
    throw new InputError(
      `${one(action.id)} is a ${action.kind} action with no template, so it has no statement to draft`,
      `Its statements: ${statementsList}`,
    );
  return action;
}

export function templateText(playbook: Playbook, action: Action): string {
  const t = playbook.templates.find((x) => x.id === action.template);
  if (t?.text === undefined)
    throw new InputError(
      `the playbook has no template "${one(action.template ?? '')}" for ${one(action.id)}`,
      'Fix the playbook (cic playbook validate).',
    );
  return t.text;
}

/** Date-time facts as a statement says them: "06:00 CST on Thursday, Nov 26". */
export function statementFormatter(playbook: Playbook): FormatValue {
  const zone = playbook.time_zone;
  return factFormatter(
    playbook.facts,
    (d) => `${formatInZone(d, zone, 'HH:mm')} ${zoneAbbreviation(d, zone)} on ${formatInZone(d, zone, 'EEEE, MMM dd')}`,
  );
}

export function checkContext(action: Action, state: IncidentState, playbook: Playbook, now: Date): CheckContext {
  return {
    action,
    checks: playbook.checks,
    facts: state.facts,
    playbookFacts: playbook.facts,
    now,
    releaseTimeOf: (factId) => {
      const fact = playbook.facts.find((f) => f.id === factId);
      const at = fact ? sensitiveReleaseTime(fact, state, playbook) : undefined;
      return at === undefined || at.getTime() === RELEASE_PENDING.getTime() ? undefined : at;
    },
    formatTime: (d) => timeIn(d, playbook.time_zone),
    formatValue: statementFormatter(playbook),
  };
}

/** Facts the draft needs that have no value: the required ones, then any other placeholder. */
export function neededFacts(
  action: Action,
  playbook: Playbook,
  facts: Readonly<Record<string, FactValue>>,
): { required: string[]; other: string[] } {
  const required = missingRequiredFacts(action, facts);
  const has = (id: string) =>
    Object.hasOwn(facts, id) && !(typeof facts[id] === 'string' && (facts[id] as string).trim() === '');
  const other = [...new Set(placeholders(templateText(playbook, action)).map((p) => p.name))].filter(
    (id) => !has(id) && !required.includes(id) && playbook.facts.some((f) => f.id === id),
  );
  return { required, other };
}

/** The state as it will be once `events` are appended (for rendering with the new facts). */
export function foldEvents(state: IncidentState, events: IncidentEvent[], now: Date, actor: Actor): IncidentState {
  let s = state;
  for (const e of events) s = evolve(s, { seq: s.last_seq + 1, at: now.toISOString(), actor, ...e } as RecordedEvent);
  return s;
}

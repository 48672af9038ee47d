/**
 * A press conference's run of show: its steps in time order, each counted from the scheduled
 * start (`due: {before: {scheduled: P}, within: PT2H}`) or from the briefing being held
 * (`due: {after: {action: P}, within: PT2H}`), with the briefing itself in its place. The steps
 * are ordinary actions, so `done`, `skip`, `status`, the calendar and the report treat them as
 * any other; this projection only gathers them around the start. Pure.
 */
import { anchorOf, type Action, type Playbook } from '../playbook/model.js';
import type { ScheduleItem } from '../incident/schedule.js';
import type { IncidentState } from '../incident/state.js';
import { scheduleAt, type ScheduleChange } from './state.js';

export type StepRelation = 'before-start' | 'from-start' | 'briefing' | 'after-briefing';

export interface RunStep {
  item: ScheduleItem;
  relation: StepRelation;
  /** Due − scheduled start, when both are known ("T−2:00"). */
  offset_ms: number | undefined;
  /** The briefing was cancelled and this step counts from its start: nothing to do until rescheduled. */
  cancelled: boolean;
}

export interface RunOfShow {
  action: Action;
  /** The start in force, undefined while unscheduled or cancelled. */
  start: Date | undefined;
  place: string | undefined;
  /** Every schedule change, oldest first. */
  changes: ScheduleChange[];
  cancelled: boolean;
  steps: RunStep[];
}

/** How an action hangs on press conference `press`, if it does. */
export function relationTo(action: Action, press: string): StepRelation | undefined {
  if (action.id === press) return 'briefing';
  const anchor = anchorOf(action.due);
  if (typeof anchor !== 'object') return undefined;
  if ('scheduled' in anchor) {
    if (anchor.scheduled !== press) return undefined;
    return action.due.before !== undefined ? 'before-start' : 'from-start';
  }
  return 'action' in anchor && anchor.action === press ? 'after-briefing' : undefined;
}

/** Roles owning a step of a press conference's run of show (they may set its time). */
export function runOfShowOwners(press: string, playbook: Playbook): string[] {
  return playbook.actions.filter((a) => a.id !== press && relationTo(a, press) !== undefined).map((a) => a.owner);
}

/** The press conferences of a playbook. */
export function pressConferences(playbook: Playbook): Action[] {
  return playbook.actions.filter((a) => a.kind === 'press-conference');
}

const RANK: Record<StepRelation, number> = { 'before-start': 0, 'from-start': 1, briefing: 1, 'after-briefing': 2 };

/** The run of show of `press` from a schedule (items of `schedule(state, playbook, now)`). */
export function runOfShow(
  press: Action,
  state: IncidentState,
  playbook: Playbook,
  items: readonly ScheduleItem[],
): RunOfShow {
  const current = scheduleAt(state.press, press.id);
  const start = current?.start === undefined ? undefined : new Date(current.start);
  const cancelled = current?.kind === 'cancelled';
  const byId = new Map(playbook.actions.map((a) => [a.id, a]));
  const steps: RunStep[] = [];
  for (const item of items) {
    const action = byId.get(item.action);
    const relation = action === undefined ? undefined : relationTo(action, press.id);
    if (relation === undefined) continue;
    const timed = relation === 'briefing' ? start : item.due;
    steps.push({
      item,
      relation,
      offset_ms: timed !== undefined && start !== undefined ? timed.getTime() - start.getTime() : undefined,
      cancelled: item.named === 'cancelled',
    });
  }
  steps.sort((a, b) => {
    const ta = a.offset_ms ?? Number.POSITIVE_INFINITY;
    const tb = b.offset_ms ?? Number.POSITIVE_INFINITY;
    if (ta !== tb) return ta - tb;
    return RANK[a.relation] - RANK[b.relation] || order(byId, a) - order(byId, b);
  });
  return {
    action: press,
    start,
    place: current?.place,
    changes: Object.hasOwn(state.press.schedules, press.id) ? state.press.schedules[press.id]! : [],
    cancelled,
    steps,
  };
  function order(map: Map<string, Action>, s: RunStep): number {
    return [...map.keys()].indexOf(s.item.action);
  }
}

/** "T−2:00", "T+0:00", "T+24:00": a step's time relative to the start, as a control room says it. */
export function offsetLabel(ms: number | undefined): string {
  if (ms === undefined) return 'T?';
  const sign = ms < 0 ? '−' : '+';
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return `T${sign}${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

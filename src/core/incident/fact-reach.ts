/**
 * Which actions' checklist items a change of facts can move. `cic fact set` shows what a change
 * added to the checklist and what it took off; on a long incident, working out every action's items
 * twice (a year of four-hourly updates is thousands of them) would be most of the command's cost.
 *
 * An action's items are worked out from the state alone (schedule.ts): its records, whether it
 * applies (tier and facts), its anchors (the incident's times, other actions, press schedules,
 * date-time facts) and the promises made about it. A change of facts alone leaves the records,
 * tier, requests, press schedules and releases as they were, so it can move only the items of:
 * - an action whose definition names a changed fact;
 * - an action whose definition names an action that can move (a dependency, an anchor);
 * - an update listed in a promise together with one that can move (which listed update a promise
 *   is owed by depends on which of them applies).
 * A name is any string in the definition equal to the id: that over-counts (harmless: a few more
 * items worked out) and cannot miss a reference, whatever the shape of the rule that holds it.
 */
import { promiseUpdates, type Action, type Playbook } from '../playbook/model.js';

export function actionsMovedByFacts(playbook: Playbook, facts: ReadonlySet<string>): Set<string> {
  const names = actionNames(playbook);
  const moved = new Set(playbook.actions.filter((a) => anyOf(names.get(a.id)!, facts)).map((a) => a.id));
  const together = playbook.facts.map(promiseUpdates).filter((list): list is string[] => list !== undefined);
  for (let grew = true; grew;) {
    grew = false;
    const add = (id: string) => {
      if (moved.has(id)) return;
      moved.add(id);
      grew = true;
    };
    for (const action of playbook.actions) if (anyOf(names.get(action.id)!, moved)) add(action.id);
    for (const list of together) if (list.some((id) => moved.has(id))) list.forEach(add);
  }
  return moved;
}

function anyOf(strings: ReadonlySet<string>, ids: ReadonlySet<string>): boolean {
  for (const id of ids) if (strings.has(id)) return true;
  return false;
}

/** Per action id, every string in its definition (ids, conditions' facts, anchors' names), its own id left out. */
export function actionNames(playbook: Playbook): Map<string, Set<string>> {
  return new Map(playbook.actions.map((a) => [a.id, stringsIn(a)]));
}

function stringsIn(action: Action): Set<string> {
  const out = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  const { id: _, ...rest } = action;
  walk(rest);
  return out;
}

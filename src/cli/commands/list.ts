/**
 * `cic list`: the workspace's incidents with status, tier, age and overdue count. A damaged log
 * does not stop the listing: its row says so and points to `cic verify`.
 */
import { CicError } from '../../core/errors.js';
import { isOpen, schedule } from '../../core/incident/schedule.js';
import { stdout } from '../../io/output/terminal.js';
import { listIncidents } from '../../io/workspace/incidents.js';
import { listJson, renderList, type IncidentSummary } from '../views/list-view.js';
import { clock, loadState, openWorkspace, type Workspace } from './incident-access.js';
import type { IncidentId } from '../../core/ids.js';
import type { ListOptions } from '../options.js';

export async function list(options: ListOptions): Promise<IncidentSummary[]> {
  const ws = await openWorkspace(options);
  const now = clock().now();
  const summaries: IncidentSummary[] = [];
  for (const id of listIncidents(ws)) summaries.push(await summarise(ws, id, now));
  if (options.json) stdout.json(listJson(summaries, now));
  else stdout.line(renderList(summaries, now, process.stdout.isTTY ? process.stdout.columns : 200));
  return summaries;
}

async function summarise(ws: Workspace, id: IncidentId, now: Date): Promise<IncidentSummary> {
  const blank: IncidentSummary = {
    incident: id,
    status: 'empty',
    title: null,
    tier: null,
    tier_name: null,
    occurred_at: null,
    declared_at: null,
    closed_at: null,
    overdue: 0,
    open_items: 0,
    zone: null,
  };
  let loaded;
  try {
    loaded = await loadState(ws, id);
  } catch (err) {
    if (err instanceof CicError) return { ...blank, status: 'damaged', problem: err.message };
    throw err;
  }
  const state = loaded.state;
  if (!state.opened) return blank;
  const playbook = loaded.loaded.playbook;
  const items = schedule(state, playbook, now);
  return {
    ...blank,
    status: state.status,
    title: state.title,
    tier: state.tier ?? null,
    tier_name: playbook.classification.tiers.find((t) => t.id === state.tier)?.name ?? null,
    occurred_at: new Date(state.occurred_at),
    declared_at: new Date(state.declared_at),
    closed_at: state.closed_at === undefined ? null : new Date(state.closed_at),
    overdue: items.filter((i) => i.state === 'overdue').length,
    open_items: items.filter(isOpen).length,
    zone: playbook.time_zone,
  };
}

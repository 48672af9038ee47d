/**
 * `cic calendar [ID] [--out FILE]`: every open deadline of the incident (upcoming, and overdue
 * ones, which are still owed) as an iCalendar file for the City Manager's own calendar; stdout by
 * default. UIDs are stable (`src/calendar/ics.ts`), so importing a later export updates the events
 * instead of adding copies.
 */
import type { StateName } from '../../core/incident/item-state.js';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { newWorkspaceId, SETTINGS_FILE } from '../../io/workspace/settings.js';
import { renderCalendar, type DeadlineEvent } from '../../core/calendar/ics.js';
import { InputError } from '../../core/errors.js';
import { fold } from '../../core/incident/fold.js';
import type { IncidentState } from '../../core/incident/state.js';
import { commitmentItems } from '../../core/press/commitments.js';
import { promiseWords } from '../../core/incident/promises.js';
import { formatInZone } from '../../core/time/format.js';
import { schedule, type ScheduleItem } from '../../core/incident/schedule.js';
import { stdout } from '../../io/output/terminal.js';
import { isJsonOnly } from '../../io/output/out.js';
import { visible, oneLine } from '../../core/text/visible.js';
import type { Playbook } from '../../core/playbook/model.js';
import { clock, loadIncident, openWorkspace, selectIncident, type Workspace } from './incident-access.js';
import type { CalendarOptions } from '../options.js';
import { writeDraftAtomic } from '../../io/workspace/draft-files.js';
import { assertOutAllowed } from '../../io/output/out-guard.js';
import { guardWrite } from '../../io/fault.js';

const OWED: ReadonlySet<StateName> = new Set(['upcoming', 'due', 'overdue', 'missed']);

export interface CalendarResult {
  incident: string;
  events: DeadlineEvent[];
  /** Where it was written, or undefined for stdout. */
  path?: string;
}

/** Items still owed that have a deadline (upcoming, due, overdue or missed), soonest first. */
export function deadlineEvents(items: readonly ScheduleItem[], playbook: Playbook): DeadlineEvent[] {
  const roles = new Map(playbook.roles.map((r) => [r.id, r.title]));
  const actions = new Map(playbook.actions.map((a) => [a.id, a]));
  const role = (id: string) => ({ id, title: roles.get(id) ?? id });
  return (
    items
      // A paused deadline is on the calendar at its next reassessment.
      .filter((i) => i.pause?.reassess_by !== undefined || (i.due !== undefined && OWED.has(i.named)))
      .map((i) => (i.pause?.reassess_by !== undefined ? { ...i, due: i.pause.reassess_by } : i))
      .sort(
        (a, b) =>
          a.due!.getTime() - b.due!.getTime() ||
          (a.action < b.action ? -1 : a.action > b.action ? 1 : 0) ||
          a.occurrence - b.occurrence,
      )
      .map((i) => {
        const action = actions.get(i.action);
        return {
          action: i.action,
          occurrence: i.occurrence,
          // Each request's item is its own event: say which request.
          title: i.request === undefined ? i.title : `${i.title} #${i.request.number} (${i.request.from})`,
          kind: i.kind,
          owner: role(i.owner),
          approvers: i.approvers.map(role),
          due: i.due!.toISOString(),
          state: i.named,
          extensions: i.extensions.length,
          extension_reason: i.extensions.at(-1)?.reason ?? null,
          pause_changes: i.pauses.reduce((n, p) => n + 1 + p.reassessments.length + (p.to === undefined ? 0 : 1), 0),
          paused: i.pause === undefined ? null : { since: i.pause.since.toISOString(), reason: i.pause.reason },
          ...(i.promise === undefined
            ? {}
            : {
                promise: promiseWords({ ...i.promise, current: i.promise.promise }, (t) =>
                  formatInZone(new Date(t), playbook.time_zone),
                ),
                promise_changes: i.promise.superseded.length,
              }),
          guidance: action?.guidance ?? null,
          template: action?.template ?? null,
          references: (action?.references ?? []).map((r) => ({
            citation: r.citation,
            url: r.url ?? null,
            note: r.note ?? null,
          })),
        };
      })
  );
}

/** Promises made in public still to keep, as deadlines (UID `…<incident>.commitment-N.0@cic`). */
export function commitmentEvents(state: IncidentState, playbook: Playbook, now: Date): DeadlineEvent[] {
  const title = (id: string) => playbook.roles.find((r) => r.id === id)?.title ?? id;
  return commitmentItems(state, now)
    .filter((c) => c.state === 'upcoming' || c.state === 'overdue')
    .map((c) => ({
      action: `commitment-${c.commitment.number}`,
      occurrence: 0,
      title: `Commitment made in public: “${c.commitment.text}”`,
      kind: 'task' as const,
      owner: { id: c.commitment.owner, title: title(c.commitment.owner) },
      approvers: [],
      due: c.due.toISOString(),
      state: c.state === 'overdue' ? ('overdue' as const) : ('upcoming' as const),
      extensions: 0,
      extension_reason: null,
      guidance: `Said in public by the ${title(c.commitment.said_by)}.`,
      record: `cic commitment kept ${c.commitment.number} -i ${state.id} (or cic commitment broken ${c.commitment.number} --reason …)`,
      template: null,
      references: [],
    }));
}

export async function calendar(options: CalendarOptions): Promise<CalendarResult> {
  const ws = await openWorkspace(options);
  const id = await selectIncident(ws, options.incident, { anyState: true, how: 'the ID argument (cic calendar ID)' });
  const out = options.out !== undefined && options.out !== '' ? resolve(process.cwd(), options.out) : undefined;
  if (out !== undefined && isDirectory(out)) {
    throw new InputError(
      `--out ${oneLine(String(options.out))} is a folder`,
      `Give a file name, e.g. --out ${id}-deadlines.ics.`,
    );
  }
  if (out !== undefined) {
    assertOutAllowed([{ path: out, kind: 'ics' }], { ws, incident: id, force: options.force, flag: '--out' });
  }
  const { loaded, entries } = await loadIncident(ws, id);
  const playbook = loaded.playbook;
  const now = clock().now();
  const state = fold(entries, id);
  const events = [
    ...deadlineEvents(schedule(state, playbook, now), playbook),
    ...commitmentEvents(state, playbook, now),
  ];
  const text = renderCalendar(events, {
    incident: id,
    workspace: workspaceId(ws),
    title: state.title,
    zone: playbook.time_zone,
    generatedAt: now,
  });
  if (out === undefined) {
    // Under --json the events are the answer (printed by the caller), not the .ics text.
    if (!isJsonOnly()) stdout.write(text);
    return { incident: id, events };
  }
  const rel = relative(process.cwd(), out);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : out;
  guardWrite(`the calendar file ${shown}`, () => writeDraftAtomic(out, text));
  stdout.line(
    `${events.length === 0 ? 'No open deadlines' : `${events.length} open deadline${events.length === 1 ? '' : 's'}`} of incident ${id} written to ${visible(shown)} (iCalendar; re-importing it updates the same events).`,
  );
  return { incident: id, events, path: out };
}

/**
 * The workspace's id from cic.yaml; a workspace made before ids gets one now, added to cic.yaml
 * (its other lines kept as they are), so its UIDs stay the same in every later export.
 */
function workspaceId(ws: Workspace): string {
  if (ws.settings.workspace_id !== undefined) return ws.settings.workspace_id;
  const id = newWorkspaceId();
  const file = ws.settingsFile;
  const before = readFileSync(file, 'utf8');
  writeDraftAtomic(
    file,
    `${before}${before.endsWith('\n') ? '' : '\n'}# Added by cic calendar: calendar UIDs carry it.\nworkspace_id: ${id}\n`,
  );
  process.stderr.write(`Gave this workspace the id ${id} in ${SETTINGS_FILE}: calendar UIDs carry it.\n`);
  return id;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

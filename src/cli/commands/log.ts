/**
 * `cic log [ID]`: the communications log, readable (or `--json`: the entries as written), with
 * filters by type, by role and by time written. `--json` prints each entry as it is read and keeps
 * none, so it works on a log of any length; its text is exactly `JSON.stringify(entries, null, 2)`.
 */
import { InputError } from '../../core/errors.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { stdout } from '../../io/output/terminal.js';
import { parseUserTime } from '../../core/time/format.js';
import { one } from '../views/labels.js';
import { EVENT_TYPES, renderLog } from '../views/log-view.js';
import { frozenPlaybook } from '../../io/workspace/incidents.js';
import { damaged } from '../../io/log/file-store.js';
import { loadIncident, openWorkspace, selectIncident, store } from './incident-access.js';
import type { LogOptions } from '../options.js';

/** Prints the log; returns how many entries it showed. */
export async function log(options: LogOptions): Promise<number> {
  const ws = await openWorkspace(options);
  const id = selectIncident(ws, options.incident, { anyState: true, how: 'cic log ID' });
  const playbook = (await frozenPlaybook(ws, id)).playbook;

  const types = options.types;
  for (const t of types) {
    if (!(EVENT_TYPES as string[]).includes(t))
      throw new InputError(`Unknown entry type "${one(t)}".`, `Types: ${EVENT_TYPES.join(', ')}.`);
  }
  const role = options.role;
  if (role !== undefined && role !== 'system' && !playbook.roles.some((r) => r.id === role)) {
    throw new InputError(
      `"${one(role)}" is not a role in this incident's playbook.`,
      `Roles: ${playbook.roles.map((r) => one(r.id)).join(', ')} (and system).`,
    );
  }
  // --since is about when entries were written: what has been recorded since I last looked.
  const since =
    options.since === undefined ? undefined : parseUserTime(options.since, playbook.time_zone, '--since').getTime();
  const include = (e: LogEntry) =>
    (types.length === 0 || types.includes(e.type)) &&
    (role === undefined || e.actor.role === role) &&
    (since === undefined || Date.parse(e.at) >= since);

  if (options.json) {
    const out = new JsonArrayOut();
    const report = await store(ws).readEach(id, (e) => include(e) && out.add(e));
    if (!report.ok) throw damaged(report); // before the end of the array: what was printed does not parse
    return out.end();
  }
  const { entries } = await loadIncident(ws, id);
  const shown = entries.filter(include);
  stdout.line(renderLog({ entries, include, playbook, width: process.stdout.isTTY ? process.stdout.columns : 100 }));
  return shown.length;
}

/** `JSON.stringify(values, null, 2)` and a newline, printed as the values come, in batches. */
class JsonArrayOut {
  private count = 0;
  private batch: string[] = [];
  private batchLength = 0;

  add(value: unknown): void {
    // A JSON text has no raw newline inside a string, so every line of the value is indented alike.
    const text = `  ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}`;
    this.push(this.count++ === 0 ? `[\n${text}` : `,\n${text}`);
  }

  end(): number {
    this.push(this.count === 0 ? '[]\n' : '\n]\n');
    this.flush();
    return this.count;
  }

  private push(text: string): void {
    this.batch.push(text);
    this.batchLength += text.length;
    if (this.batchLength > 1 << 20) this.flush();
  }

  private flush(): void {
    stdout.write(this.batch.join(''));
    this.batch = [];
    this.batchLength = 0;
  }
}

/**
 * `cic note TEXT`: a free entry in the communications log ("called the Mayor's office, left a
 * message"). It needs no incident state, so it reads only the log's tail (the cost does not grow
 * with the log). Notes are allowed on closed incidents too: the clerk annotates the record after
 * the fact, and every note carries who wrote it and when.
 */
import { InputError } from '../../core/errors.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { stdout } from '../../io/output/terminal.js';
import { oneLine } from '../../core/text/visible.js';
import { frozenPlaybook } from '../../io/workspace/incidents.js';
import { clock, openWorkspace, resolveActor, selectIncident, statedAt, store } from './incident-access.js';
import type { NoteOptions } from '../options.js';

export async function note(options: NoteOptions): Promise<LogEntry<'note'>> {
  const text = options.text;
  if (text.trim() === '')
    throw new InputError('the note is empty', 'Write the note as one argument: cic note "Called the Mayor at 02:14".');
  const ws = await openWorkspace(options);
  const id = await selectIncident(ws, options.incident);
  const { playbook } = await store(ws).frozenPlaybook(id);
  const actor = await resolveActor(options, playbook, ws);
  const time = clock();
  const at = time.now();
  const stated = statedAt(options.statedAt, at);
  const [entry] = await store(ws).appendEvents(id, { actor, at, simulated: time.simulated }, [
    { type: 'note', data: { text }, ...(stated ? { stated_at: stated } : {}) },
  ]);
  stdout.line(`Recorded note #${entry!.seq} in ${id}: ${preview(text)}`);
  return entry as LogEntry<'note'>;
}

/** The start of the text, one line, every control and bidi character shown as an escape. */
export function preview(text: string, max = 60): string {
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return `"${oneLine(cut)}"`;
}

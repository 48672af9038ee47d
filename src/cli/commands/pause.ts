/**
 * `cic pause ACTION --reason …` and `cic resume ACTION`: stop a deadline's clock while a
 * determination stands (again while stopped: the determination reassessed), and start it again.
 */
import { decide } from '../../core/incident/decide.js';
import { schedule } from '../../core/incident/schedule.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { oneLine } from '../../core/text/visible.js';
import { timeIn } from '../../core/incident/wording.js';
import { stdout } from '../../io/output/terminal.js';
import { recordCommand, type Recorded } from './apply-command.js';
import type { PauseOptions, ResumeOptions } from '../options.js';

export async function pause(options: PauseOptions): Promise<Recorded> {
  const r = await recordCommand(options, ({ state, playbook, now, actor }) =>
    decide(
      {
        kind: 'pause',
        action: options.action,
        reason: options.reason,
        ...(options.occurrence === undefined ? {} : { occurrence: options.occurrence }),
        ...(options.written ? { written: true } : {}),
      },
      state,
      playbook,
      now,
      actor,
    ),
  );
  const entry = r.written[0] as LogEntry<'clock.paused'>;
  const item = itemAfter(r, entry.data.action, entry.data.occurrence);
  const zone = r.playbook.time_zone;
  const name = oneLine(entry.data.action);
  const again = (item?.pause?.reassessments ?? 0) > 0;
  stdout.line(
    again
      ? `Recorded: the pause of ${name} reassessed; it still stands (paused since ${timeIn(item!.pause!.since, zone)}).`
      : `Paused the deadline of ${name}: its clock stands still until cic resume ${name}.`,
  );
  if (item?.pause?.reassess_by)
    stdout.line(
      `Next reassessment due ${timeIn(item.pause.reassess_by, zone)}: cic pause ${name} --reason "…" records it.`,
    );
  return r;
}

export async function resume(options: ResumeOptions): Promise<Recorded> {
  const r = await recordCommand(options, ({ state, playbook, now, actor }) =>
    decide(
      {
        kind: 'resume',
        action: options.action,
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        ...(options.occurrence === undefined ? {} : { occurrence: options.occurrence }),
      },
      state,
      playbook,
      now,
      actor,
    ),
  );
  const entry = r.written[0] as LogEntry<'clock.resumed'>;
  const item = itemAfter(r, entry.data.action, entry.data.occurrence);
  const due = item?.due === undefined ? 'no deadline yet' : `now due ${timeIn(item.due, r.playbook.time_zone)}`;
  stdout.line(`Resumed the deadline of ${oneLine(entry.data.action)}: ${due}.`);
  return r;
}

function itemAfter(r: Recorded, action: string, occurrence: number) {
  return schedule(r.state, r.playbook, r.now).find((i) => i.action === action && i.occurrence === occurrence);
}

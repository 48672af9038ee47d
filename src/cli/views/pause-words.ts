/**
 * How a paused deadline reads beside an item, in status and the walk-through: the pause standing
 * now with its next reassessment, and the pauses that ended.
 */
import type { ScheduleItem } from '../../core/incident/schedule.js';
import { oneLine } from '../../core/text/visible.js';
import { elapsedWords } from '../../core/time/format.js';

export function pauseDetails(item: ScheduleItem, time: (d: Date) => string, now: Date): string[] {
  const out: string[] = [];
  const p = item.pause;
  if (p !== undefined) {
    out.push(`paused since ${time(p.since)}: “${oneLine(p.reason)}”`);
    if (p.reassess_by !== undefined) {
      const ms = p.reassess_by.getTime() - now.getTime();
      out.push(
        ms < 0
          ? `reassessment overdue by ${elapsedWords(-ms)} (was due ${time(p.reassess_by)}): cic pause ${oneLine(item.action)} --reason "…"`
          : `next reassessment due ${time(p.reassess_by)}`,
      );
    }
  }
  const ended = item.pauses.filter((x) => x.to !== undefined);
  for (const x of ended)
    out.push(`was paused ${time(new Date(x.from))} – ${time(new Date(x.to!))}: “${oneLine(x.reason)}”`);
  return out;
}

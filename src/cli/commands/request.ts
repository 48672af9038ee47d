/**
 * `cic request add KIND --from WHO [--received-at TIME]`: a request the playbook owes duties for
 * (a records request, a family asking to view a video). Each gets the next number of its kind,
 * and every action marked `per_request: KIND` an item of its own, timed from the receipt.
 */
import { schedule } from '../../core/incident/schedule.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { parseUserTime } from '../../core/time/format.js';
import { stdout } from '../../io/output/terminal.js';
import type { RequestAddOptions } from '../options.js';
import { requestLines } from '../views/recorded-view.js';
import { recordCommand, type Recorded } from './apply-command.js';
import { decide } from '../../core/incident/decide.js';

export async function requestAdd(options: RequestAddOptions): Promise<Recorded> {
  const r = await recordCommand(options, ({ state, playbook, now, actor }) =>
    decide(
      {
        kind: 'addRequest',
        request_kind: options.kind,
        // Without --received-at it arrived now: the clock starts when it is recorded.
        received_at:
          options.receivedAt === undefined
            ? now
            : parseUserTime(options.receivedAt, playbook.time_zone, '--received-at'),
        from: options.from,
        ...(options.note === undefined ? {} : { note: options.note }),
      },
      state,
      playbook,
      now,
      actor,
    ),
  );
  const entry = r.written[0] as LogEntry<'request.received'>;
  const items = schedule(r.state, r.playbook, r.now).filter(
    (i) => i.request?.kind === entry.data.kind && i.request.number === entry.data.request,
  );
  for (const line of requestLines(entry, items, r.playbook, r.now)) stdout.line(line);
  return r;
}

/**
 * Folded fixture logs for the report builder, on the incident core's test playbook
 * (test/core/incident/fixtures.ts): each scenario is a list of entries, the state folded from
 * them, the schedule at the report's `now`, and the report built from all of it.
 */
import { fold } from '../../../src/core/incident/fold.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { Actor, EventData, EventType } from '../../../src/core/incident/events.js';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { buildReport, type ReportEntry } from '../../../src/core/report/build.js';
import type { Report } from '../../../src/core/report/model.js';
import { chief, manager, pio, playbook as testPlaybook, SHA } from '../../core/incident/fixtures.js';

export const INCIDENT = '2026-0042';
export { chief, manager, pio };

export interface Line {
  type: EventType;
  data: unknown;
  at: string;
  stated_at?: string;
  actor?: Actor;
  simulated?: boolean;
}

export const line = <T extends EventType>(
  type: T,
  data: EventData[T],
  at: string,
  options: Omit<Line, 'type' | 'data' | 'at'> = {},
): Line => ({ type, data, at, ...options });

/** Entries as the log store returns them (the chain fields are stand-ins: the builder does not read them). */
export function entries(lines: readonly Line[]): LogEntry[] {
  return lines.map(
    (l, seq) =>
      ({
        v: 1,
        incident: INCIDENT,
        seq,
        at: l.at,
        ...(l.stated_at === undefined ? {} : { stated_at: l.stated_at }),
        actor: l.actor ?? manager,
        type: l.type,
        data: l.data,
        ...(l.simulated ? { clock: 'simulated' } : {}),
        prev: '0'.repeat(64),
        hash: seq.toString(16).padStart(64, '0'),
      }) as LogEntry,
  );
}

export function opening(at: string, occurred_at: string, tier = 'tier-1'): Line[] {
  return [
    line(
      'incident.opened',
      {
        title: 'Use of force at <b>Main & 3rd</b>',
        occurred_at,
        playbook: { id: 'test-city', version: '1.0', sha256: SHA },
      },
      at,
    ),
    line('incident.classified', { tier, reason: 'Force with serious injury', method: 'manual' }, at),
  ];
}

export interface Built {
  report: Report;
  log: LogEntry[];
  row(action: string, occurrence?: number): Report['compliance'][number];
}

export function build(
  lines: readonly Line[],
  now: string,
  options: {
    playbook?: Playbook;
    verify?: Partial<Parameters<typeof buildReport>[0]['verify']>;
    simulated?: boolean;
  } = {},
): Built {
  const playbook = options.playbook ?? testPlaybook;
  const log = entries(lines);
  const state = fold(log, INCIDENT);
  const at = new Date(now);
  const last = log[log.length - 1]!;
  const report = buildReport({
    state,
    items: schedule(state, playbook, at),
    entries: log as ReportEntry[],
    verify: {
      ok: true,
      entries: log.length,
      head: { seq: last.seq, hash: last.hash },
      first_bad_seq: null,
      problem: null,
      ...options.verify,
    },
    playbook,
    loaded: { sha256: SHA },
    now: at,
    simulated: options.simulated ?? false,
  });
  return {
    report,
    log,
    row(action, occurrence = 0) {
      const r = report.compliance.find((c) => c.action === action && c.occurrence === occurrence);
      if (!r)
        throw new Error(
          `no compliance row ${action}#${occurrence}: ${report.compliance.map((c) => `${c.action}#${c.occurrence}`).join(', ')}`,
        );
      return r;
    },
  };
}

/**
 * The report's figures, computed from its own rows so the numbers can never disagree with the
 * tables beside them. Pure. The milestone rules are documented on `MILESTONES` in `./model.ts`.
 */
import {
  GOVERNING_BODY,
  MILESTONES,
  OUTCOMES,
  type ComplianceRow,
  type Figures,
  type LocalTime,
  type Milestone,
  type MilestoneId,
  type Outcome,
  type StatementReport,
} from './model.js';
import { epoch, minutesBetween } from './times.js';
import { CAME_DUE, ON_TIME } from '../incident/item-state.js';

export interface FiguresInput {
  declared_at: LocalTime;
  compliance: readonly ComplianceRow[];
  statements: readonly StatementReport[];
}

const COMPLETED: ReadonlySet<Outcome> = new Set(['done', 'extended', 'late']);

interface Hit {
  action: string;
  occurrence: number | null;
  at: LocalTime;
}

function earliest(hits: Hit[]): Hit | undefined {
  let best: Hit | undefined;
  for (const h of hits) if (!best || epoch(h.at) < epoch(best.at)) best = h;
  return best;
}

function completedRows(rows: readonly ComplianceRow[], keep: (r: ComplianceRow) => boolean): Hit[] {
  return rows
    .filter((r) => COMPLETED.has(r.outcome) && r.completed_at !== null && keep(r))
    .map((r) => ({ action: r.action, occurrence: r.occurrence, at: r.completed_at! }));
}

const namesGoverningBody = (r: ComplianceRow) =>
  [r.owner, ...r.notify].some((role) => GOVERNING_BODY.test(role.id) || GOVERNING_BODY.test(role.title));

/** The rule for each milestone, as data. */
const PICK: Record<MilestoneId, (input: FiguresInput) => Hit[]> = {
  'first-statement': (input) =>
    input.statements.flatMap((s) => s.releases.map((r) => ({ action: s.statement, occurrence: null, at: r.at }))),
  'board-briefing': (input) => completedRows(input.compliance, (r) => r.kind === 'briefing' && namesGoverningBody(r)),
  'press-briefing': (input) => completedRows(input.compliance, (r) => r.kind === 'press-conference'),
};

/**
 * Whether the incident's plan holds a milestone at all: a row of the kind its rule counts, in
 * any outcome (for the first statement, any statement row or release). A tier whose plan has no
 * press conference has no press briefing to reach, and the report says nothing about one.
 */
const PLANNED: Record<MilestoneId, (input: FiguresInput) => boolean> = {
  'first-statement': (input) => input.statements.length > 0 || input.compliance.some((r) => r.kind === 'statement'),
  'board-briefing': (input) => input.compliance.some((r) => r.kind === 'briefing' && namesGoverningBody(r)),
  'press-briefing': (input) => input.compliance.some((r) => r.kind === 'press-conference'),
};

/** The milestones the incident's plan holds (the city's own duties, as the figures count them). */
export function plannedMilestones(all: FiguresInput): Set<MilestoneId> {
  const input = { ...all, compliance: all.compliance.filter((r) => !r.outside) };
  return new Set(MILESTONES.filter(({ id }) => PLANNED[id](input)).map(({ id }) => id));
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function computeFigures(all: FiguresInput): Figures {
  // The city's own compliance: duties owned outside the city are counted apart (`outside`).
  const input = { ...all, compliance: all.compliance.filter((r) => !r.outside) };
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const r of input.compliance) counts[r.outcome] += 1;

  // Every deadline that came due counts, including those still owed (overdue) and missed.
  let met = 0;
  let cameDue = 0;
  for (const o of OUTCOMES) {
    if (ON_TIME.has(o)) met += counts[o];
    if (CAME_DUE.has(o)) cameDue += counts[o];
  }

  const late = input.compliance.filter((r) => r.outcome === 'late' && r.late_by_minutes !== null);
  const lateMinutes = late.map((r) => r.late_by_minutes!).sort((a, b) => a - b);
  let worst: ComplianceRow | undefined;
  for (const r of late) if (!worst || r.late_by_minutes! > worst.late_by_minutes!) worst = r;

  const milestones: Milestone[] = MILESTONES.map(({ id, label }) => {
    const hit = earliest(PICK[id](input));
    return {
      id,
      label,
      action: hit?.action ?? null,
      occurrence: hit?.occurrence ?? null,
      at: hit?.at ?? null,
      minutes_from_declared: hit ? Math.floor(minutesBetween(input.declared_at, hit.at)) : null,
    };
  });

  return {
    counts,
    on_time_rate: cameDue === 0 ? null : met / cameDue,
    median_late_minutes: median(lateMinutes),
    worst_late: worst
      ? { action: worst.action, occurrence: worst.occurrence, title: worst.title, minutes: worst.late_by_minutes! }
      : null,
    milestones,
    outside: outsideFigures(all.compliance.filter((r) => r.outside)),
  };
}

function outsideFigures(rows: readonly ComplianceRow[]): Figures['outside'] {
  const met = rows.filter((r) => ON_TIME.has(r.outcome)).length;
  const cameDue = rows.filter((r) => CAME_DUE.has(r.outcome)).length;
  return { rows: rows.length, came_due: cameDue, met, on_time_rate: cameDue === 0 ? null : met / cameDue };
}

/**
 * `cic list`: every incident in the workspace on one line each — id, open or closed, tier, age,
 * overdue count and title. Pure: summaries in, text or JSON out.
 */
import { style } from '../../io/output/terminal.js';
import { elapsedWords, toZonedIso } from '../../core/time/format.js';
import { columns } from './layout.js';
import { oneLine } from '../../core/text/visible.js';

export interface IncidentSummary {
  incident: string;
  /** 'empty': a folder whose opening did not finish; 'damaged': the log does not verify. */
  status: 'open' | 'closed' | 'empty' | 'damaged';
  title: string | null;
  tier: string | null;
  tier_name: string | null;
  occurred_at: Date | null;
  declared_at: Date | null;
  closed_at: Date | null;
  overdue: number;
  /** Items not yet done or skipped (overdue, upcoming or waiting). */
  open_items: number;
  /** The playbook's zone, for the JSON times. */
  zone: string | null;
  /** What is wrong, for a damaged log. */
  problem?: string;
}

export function listJson(summaries: readonly IncidentSummary[], now: Date) {
  const iso = (d: Date | null, zone: string | null) => (d === null ? null : toZonedIso(d, zone ?? 'UTC'));
  return {
    now: now.toISOString(),
    incidents: summaries.map((s) => ({
      incident: s.incident,
      status: s.status,
      title: s.title,
      tier: s.tier,
      tier_name: s.tier_name,
      occurred_at: iso(s.occurred_at, s.zone),
      declared_at: iso(s.declared_at, s.zone),
      closed_at: iso(s.closed_at, s.zone),
      overdue: s.overdue,
      open_items: s.open_items,
      ...(s.problem === undefined ? {} : { problem: s.problem }),
    })),
  };
}

export function renderList(summaries: readonly IncidentSummary[], now: Date, width = 100): string {
  if (summaries.length === 0) return 'No incidents yet. Open one with `cic open`.';
  const header = ['ID', 'STATUS', 'TIER', 'AGE', 'OVERDUE', 'TITLE'];
  const rows = summaries.map((s) => [
    s.incident,
    s.status,
    s.tier_name === null ? (s.tier === null ? '—' : oneLine(s.tier)) : oneLine(s.tier_name),
    s.occurred_at === null ? '—' : elapsedWords(now.getTime() - s.occurred_at.getTime()),
    s.status === 'open' ? String(s.overdue) : '—',
    s.status === 'damaged'
      ? `log damaged: cic verify ${s.incident}`
      : s.title === null
        ? '(opening did not finish)'
        : oneLine(s.title),
  ]);
  const lines = columns([header, ...rows]);
  return lines
    .map((line, i) => {
      const cut = line.length > width ? `${line.slice(0, width - 1)}…` : line;
      if (i === 0) return style.bold(cut);
      const s = summaries[i - 1]!;
      if (s.status === 'damaged') return style.error(cut);
      if (s.status === 'open' && s.overdue > 0) return style.overdue(cut);
      return s.status === 'open' ? cut : style.dim(cut);
    })
    .join('\n');
}

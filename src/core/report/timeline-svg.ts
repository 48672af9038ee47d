/**
 * The report's timeline as inline SVG: a lane per owning role, each deadline against its
 * completion, over the operational period with an x axis in the zone's 24-hour time. Outcomes
 * differ in shape and in text (a `<title>` on every mark, "+22 min" beside late ones), not only
 * in colour, so the chart reads in black and white and to a screen reader. No scripts, no styles
 * that need loading: classes are styled by the page's one inline stylesheet.
 */
import type { ComplianceRow, LocalTime, Report } from './model.js';
import { epoch, minutesInWords, wallDateTime, zoneOffsetMinutes } from './times.js';
import { escLine } from './html-escape.js';
import { itemId, outcomeText, roleLabel } from './words.js';

const WIDTH = 1000;
const LEFT = 236; // lane labels
const RIGHT = 24;
const TOP = 40; // axis labels
const ROW = 18; // one sub-row of marks within a lane
const LANE_PAD = 10;
const MAX_SUBROWS = 4;

const MINUTE = 60_000;
const STEPS = [15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE);
const MAX_TICKS = 10;

interface Scale {
  from: number;
  to: number;
  x(t: number): number;
  inside(t: number): boolean;
}

function scale(from: number, to: number): Scale {
  const span = Math.max(to - from, 60 * MINUTE);
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, from), from + span) - from) / span) * (WIDTH - LEFT - RIGHT);
  return { from, to: from + span, x, inside: (t) => t >= from && t <= from + span };
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** Ticks on round wall-clock times in the zone (so 06:00 is 06:00 local across a DST change). */
function axis(s: Scale, zone: string, height: number): string {
  const step = STEPS.find((st) => (s.to - s.from) / st <= MAX_TICKS) ?? STEPS[STEPS.length - 1]!;
  const startOffset = zoneOffsetMinutes(s.from, zone) * MINUTE;
  const out: string[] = [];
  let lastDay = '';
  for (let wall = Math.ceil((s.from + startOffset) / step) * step; ; wall += step) {
    const guess = wall - startOffset;
    const t = wall - zoneOffsetMinutes(guess, zone) * MINUTE;
    if (t > s.to) break;
    const localMs = t + zoneOffsetMinutes(t, zone) * MINUTE;
    // A wall time the zone skips (02:00 on the spring-forward night) gets no tick.
    if (t < s.from || localMs !== wall) continue;
    const local = new Date(localMs).toISOString();
    const day = local.slice(5, 10);
    const x = fmt(s.x(t));
    out.push(`<line class="grid" x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${height}"/>`);
    const label = step >= 1440 * MINUTE ? day : local.slice(11, 16);
    out.push(`<text class="tick" x="${x}" y="${TOP - 10}" text-anchor="middle">${label}</text>`);
    if (day !== lastDay && step < 1440 * MINUTE)
      out.push(`<text class="tick day" x="${x}" y="${TOP - 24}" text-anchor="middle">${day}</text>`);
    lastDay = day;
  }
  return out.join('');
}

const LABEL_ROOM = 80;

/** The words beside a late or missed mark: right of it, or left when the edge is near. */
function label(cx: number, y: number, text: string): string {
  const right = cx + LABEL_ROOM < WIDTH - RIGHT;
  const x = right ? cx + 8 : cx - 8;
  return `<text class="late-label" x="${fmt(x)}" y="${fmt(y + 4)}"${right ? '' : ' text-anchor="end"'}>${escLine(text)}</text>`;
}

/** The shapes of one compliance row, centred on lane row `y`. */
function marks(r: ComplianceRow, s: Scale, y: number): string {
  const out: string[] = [];
  const at = (t: LocalTime) => fmt(s.x(epoch(t)));
  const diamond = (t: LocalTime, cls: string) => {
    const x = s.x(epoch(t));
    return `<path class="${cls}" d="M${fmt(x)} ${fmt(y - 6)}l6 6l-6 6l-6 -6z"/>`;
  };
  const offChart = (t: LocalTime) => {
    if (s.inside(epoch(t))) return '';
    const x = s.x(epoch(t));
    const d = epoch(t) > s.to ? 1 : -1;
    return `<path class="off-chart" d="M${fmt(x + d * 8)} ${fmt(y)}l${-d * 6} -5v10z"/>`;
  };
  if (r.original_due !== null && r.due !== null && r.extensions.length) {
    out.push(`<line class="extension" x1="${at(r.original_due)}" y1="${fmt(y)}" x2="${at(r.due)}" y2="${fmt(y)}"/>`);
    out.push(diamond(r.original_due, 'original-due'));
  }
  if (r.due !== null && r.completed_at !== null && r.outcome === 'late') {
    out.push(`<line class="lateness" x1="${at(r.due)}" y1="${fmt(y)}" x2="${at(r.completed_at)}" y2="${fmt(y)}"/>`);
  }
  if (r.due !== null) out.push(diamond(r.due, 'due'), offChart(r.due));
  const cx = r.completed_at !== null ? s.x(epoch(r.completed_at)) : r.due !== null ? s.x(epoch(r.due)) : null;
  if (cx !== null) {
    const x = fmt(cx);
    switch (r.outcome) {
      case 'done':
      case 'extended':
        out.push(`<circle class="done" cx="${x}" cy="${fmt(y)}" r="5"/>`);
        break;
      case 'late':
        out.push(`<rect class="done-late" x="${fmt(cx - 5)}" y="${fmt(y - 5)}" width="10" height="10"/>`);
        out.push(label(cx, y, `+${minutesInWords(r.late_by_minutes ?? 0)}`));
        break;
      case 'missed':
      case 'overdue':
        out.push(`<path class="missed" d="M${fmt(cx - 5)} ${fmt(y - 5)}l10 10m0 -10l-10 10"/>`);
        out.push(label(cx, y, r.outcome));
        break;
      case 'skipped':
        out.push(
          `<circle class="skipped" cx="${x}" cy="${fmt(y)}" r="5"/><path class="skipped" d="M${fmt(cx - 4)} ${fmt(y + 4)}l8 -8"/>`,
        );
        break;
      default:
        break;
    }
    if (r.completed_at !== null) out.push(offChart(r.completed_at));
  }
  return out.join('');
}

function describe(r: ComplianceRow): string {
  const parts = [`${r.title} (${itemId(r)})`, outcomeText(r)];
  if (r.due !== null) parts.push(`due ${wallDateTime(r.due)}`);
  if (r.extensions.length && r.original_due !== null) parts.push(`originally due ${wallDateTime(r.original_due)}`);
  if (r.completed_at !== null) parts.push(`done ${wallDateTime(r.completed_at)}`);
  if (r.reason) parts.push(`reason: ${r.reason}`);
  return parts.join(', ');
}

interface Placed {
  row: ComplianceRow;
  sub: number;
}

/** Spread a lane's marks over sub-rows so that neighbours do not overlap. */
function place(rows: ComplianceRow[], s: Scale): { placed: Placed[]; subrows: number } {
  const span = (r: ComplianceRow) => {
    const xs = [r.due, r.original_due, r.completed_at].filter((t): t is string => t !== null).map((t) => s.x(epoch(t)));
    if (!xs.length) return null;
    const labelled = r.outcome === 'late' || r.outcome === 'missed' || r.outcome === 'overdue';
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    if (!labelled) return [lo - 8, hi + 8];
    return hi + LABEL_ROOM < WIDTH - RIGHT ? [lo - 8, hi + LABEL_ROOM] : [lo - LABEL_ROOM, hi + 8];
  };
  const ends: number[] = [];
  const placed: Placed[] = [];
  const sorted = rows.map((row) => ({ row, span: span(row) })).filter((p) => p.span !== null);
  sorted.sort((a, b) => a.span![0]! - b.span![0]!);
  for (const { row, span: sp } of sorted) {
    let sub = ends.findIndex((end) => end < sp![0]!);
    if (sub === -1) sub = ends.length < MAX_SUBROWS ? ends.length : ends.indexOf(Math.min(...ends));
    ends[sub] = sp![1]!;
    placed.push({ row, sub });
  }
  return { placed, subrows: Math.max(1, ends.length) };
}

const LEGEND_ITEMS: [string, string][] = [
  ['<path class="due" d="M-6 0l6 -6l6 6l-6 6z"/>', 'deadline'],
  ['<circle class="done" r="5"/>', 'done on time'],
  ['<g class="o-extended"><circle class="done" r="5"/></g>', 'done, deadline extended'],
  ['<path class="original-due" d="M-6 0l6 -6l6 6l-6 6z"/>', 'original deadline'],
  ['<rect class="done-late" x="-5" y="-5" width="10" height="10"/>', 'done late (+ time late)'],
  ['<path class="missed" d="M-5 -5l10 10m0 -10l-10 10"/>', 'missed'],
  ['<circle class="skipped" r="5"/><path class="skipped" d="M-4 4l8 -8"/>', 'skipped'],
  ['<path class="off-chart" d="M6 0l-6 -5v10z"/>', 'outside the period'],
];
const LEGEND_ROW = 20;

/** The legend, wrapped onto as many rows as it needs. */
function legend(top: number): { svg: string; height: number } {
  let x = 12;
  let y = top;
  const items = LEGEND_ITEMS.map(([shape, text]) => {
    const width = 34 + text.length * 5.8;
    if (x + width > WIDTH) {
      x = 12;
      y += LEGEND_ROW;
    }
    const item = `<g class="legend-item" transform="translate(${fmt(x)} ${y})">${shape}<text x="12" y="4">${text}</text></g>`;
    x += width;
    return item;
  });
  return { svg: items.join(''), height: y - top + LEGEND_ROW };
}

const truncate = (text: string, max: number) => {
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text;
};

export function renderTimeline(report: Report): string {
  const rows = report.compliance.filter((r) => r.due !== null || r.completed_at !== null);
  if (!rows.length) return '<p class="empty">No deadlines to draw.</p>';
  const h = report.header;
  const points = rows
    .flatMap((r) => [r.due, r.original_due, r.completed_at])
    .filter((t): t is string => t !== null)
    .map(epoch);
  const periodFrom = epoch(h.period.from);
  const periodTo = epoch(h.period.to);
  const from = Math.max(periodFrom, Math.min(epoch(h.declared_at), ...points));
  const s = scale(from, periodTo);

  const lanes = new Map<string, { title: string; rows: ComplianceRow[] }>();
  for (const r of rows) {
    const lane = lanes.get(r.owner.id) ?? { title: roleLabel(r.owner), rows: [] };
    lane.rows.push(r);
    lanes.set(r.owner.id, lane);
  }

  const body: string[] = [];
  let y = TOP;
  for (const [role, lane] of lanes) {
    const { placed, subrows } = place(lane.rows, s);
    const height = subrows * ROW + LANE_PAD;
    body.push(`<g class="lane" data-role="${escLine(role)}">`);
    body.push(`<title>${escLine(lane.title)}</title>`);
    body.push(`<rect class="lane-bg" x="0" y="${y}" width="${WIDTH}" height="${height}"/>`);
    body.push(
      `<text class="lane-label" x="8" y="${fmt(y + height / 2 + 4)}">${escLine(truncate(lane.title, 34))}</text>`,
    );
    for (const { row, sub } of placed) {
      const cy = y + LANE_PAD / 2 + sub * ROW + ROW / 2;
      // `o-` keeps the outcome's class apart from the marks' own classes (`.missed` strokes).
      const cls = `o-${row.outcome}`;
      body.push(
        `<g class="item ${cls}" data-outcome="${escLine(row.outcome)}" data-item="${escLine(itemId(row))}"><title>${escLine(describe(row))}</title>${marks(row, s, cy)}</g>`,
      );
    }
    body.push('</g>');
    y += height;
  }
  const chartBottom = y;
  const edges = [
    ['declared', epoch(h.declared_at)],
    [h.closed_at === null ? 'report' : 'closed', periodTo],
  ] as const;
  const lines = edges
    .filter(([, t]) => s.inside(t))
    .map(([label, t]) => {
      const x = fmt(s.x(t));
      return `<line class="edge" x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${chartBottom}"/><text class="edge-label" x="${x}" y="${chartBottom + 12}" text-anchor="middle">${label}</text>`;
    });
  const key = legend(chartBottom + 34);
  const total = chartBottom + 34 + key.height;
  const late = rows.filter((r) => r.outcome === 'late' || r.outcome === 'missed' || r.outcome === 'overdue').length;
  const summary = `${rows.length} deadlines in ${lanes.size} lanes, ${late} late or missed, from ${wallDateTime(h.declared_at)} (declared) to ${wallDateTime(h.period.to)}.`;
  return [
    `<svg class="timeline" role="img" aria-labelledby="timeline-title timeline-desc" viewBox="0 0 ${WIDTH} ${total}" width="100%" preserveAspectRatio="xMinYMin meet">`,
    `<title id="timeline-title">Timeline of deadlines and completions by role, ${escLine(report.time_zone)} 24-hour time</title>`,
    `<desc id="timeline-desc">${escLine(summary)}</desc>`,
    axis(s, report.time_zone, chartBottom),
    ...body,
    ...lines,
    key.svg,
    '</svg>',
  ].join('\n');
}

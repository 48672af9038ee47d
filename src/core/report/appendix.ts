/**
 * The report's statement texts (its appendix of what was said): every released version with its exact words (from
 * the log), who drafted and approved it and when, where and when it went out, the fact values it
 * used and which of them changed from an earlier release; then drafts never released, with their
 * words too. Plain data and plain text here; each renderer escapes it its own way.
 */
import type { Report, StatementReport, StatementVersionRecord } from './model.js';
import { wallDateTime } from './times.js';
import { factText, personLabel, roleLabel } from './words.js';

export interface AppendixEntry {
  statement: string;
  title: string;
  version: number;
  released: boolean;
  /** A fragment id for links within the report: `text-holding-statement-v2`. */
  anchor: string;
  /** Label and plain-text value, in reading order. */
  details: [string, string][];
  /** The version's exact words. */
  text: string;
}

export const appendixAnchor = (statement: string, version: number): string =>
  `text-${statement.replace(/[^A-Za-z0-9_-]/g, '_')}-v${version}`;

/** Released versions by their first release, then versions never released, by statement and version. */
export function appendixEntries(report: Report): { released: AppendixEntry[]; unreleased: AppendixEntry[] } {
  const released: { at: number; entry: AppendixEntry }[] = [];
  const unreleased: AppendixEntry[] = [];
  for (const s of report.statements) {
    for (const v of s.versions) {
      const entry = appendixEntry(report, s, v);
      const first = s.releases.find((r) => r.version === v.version);
      if (first) released.push({ at: Date.parse(first.at), entry });
      else unreleased.push(entry);
    }
  }
  released.sort((a, b) => a.at - b.at);
  return { released: released.map((r) => r.entry), unreleased };
}

function appendixEntry(report: Report, s: StatementReport, v: StatementVersionRecord): AppendixEntry {
  const mine = <T extends { version: number }>(list: readonly T[]) => list.filter((x) => x.version === v.version);
  const releases = mine(s.releases);
  const details: [string, string][] = [];
  if (releases.length)
    details.push([
      'Released',
      releases.map((r) => `${wallDateTime(r.at)} on ${r.channels.join(', ')}, by ${personLabel(r.by)}`).join('; '),
    ]);
  details.push([
    'Drafted',
    `${wallDateTime(v.drafted_at)} by ${personLabel(v.by)}${v.source === 'edited' ? ' (edited by hand and registered)' : ' (from the template)'}`,
  ]);
  const approvals = mine(s.approvals);
  details.push([
    'Approved',
    approvals.length
      ? approvals
          .map(
            (a) =>
              `${a.by.name} as ${roleLabel(a.role)}${a.by.role.id === a.role.id ? '' : ` (acting, ${roleLabel(a.by.role)})`}, ${wallDateTime(a.at)}${a.warnings.length ? `, accepting: ${a.warnings.join('; ')}` : ''}`,
          )
          .join('; ')
      : 'no approval recorded',
  ]);
  const rejections = mine(s.rejections);
  if (rejections.length)
    details.push([
      'Changes requested',
      rejections.map((r) => `${personLabel(r.by)}, ${wallDateTime(r.at)}: ${r.reason}`).join('; '),
    ]);
  details.push([
    'Facts used',
    v.facts.length ? v.facts.map((f) => `${f.fact} = ${factText(f.value)}`).join('; ') : 'none',
  ]);
  const changes = report.fact_changes.filter((c) => c.to.statement === s.statement && c.to.version === v.version);
  if (changes.length)
    details.push([
      'Changed from an earlier release',
      changes
        .map(
          (c) =>
            `${c.fact}: was ${factText(c.before)} in ${c.from.statement} v${c.from.version} (${wallDateTime(c.from.at)}), now ${factText(c.after)}`,
        )
        .join('; '),
    ]);
  details.push(['Record', `log entry #${v.seq}; text SHA-256 ${v.sha256}`]);
  return {
    statement: s.statement,
    title: s.title,
    version: v.version,
    released: releases.length > 0,
    anchor: appendixAnchor(s.statement, v.version),
    details,
    text: v.text,
  };
}

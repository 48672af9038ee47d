/**
 * The report against its published schema (schemas/report.schema.json), checked before any file
 * of it, in any format, is written: a mismatch is a bug in cic, and a clerk must not file it.
 */
import type { ActivityRow, Report } from '../../core/report/model.js';
import { getValidator } from '../schemas/validators.js';

/** Undefined when `report` matches the schema; else its first problems, in words. */
export function reportProblems(report: unknown): string | undefined {
  // The quick validator passes a good report in a fraction of the time; only a failure (a bug)
  // pays for the full one, which names every problem.
  if (getValidator('report', 'quick')(report)) return undefined;
  const validate = getValidator('report');
  if (validate(report)) return undefined;
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}

/** The error a report that does not match its schema stops the command with. */
export function invalidReport(problems: string): Error {
  return new Error(`the report does not match schemas/report.schema.json (nothing was written): ${problems}`);
}

/**
 * A report streamed from a long log is checked in parts (docs/report-streaming.md): its outline
 * (every part but the activity rows, `activity` empty) with `reportProblems`, and each activity row
 * against the schema's `ActivityRow`, by this. Undefined when the row matches; else its problems,
 * as the full validator names them for the report with this one row.
 */
export function activityRowProblems(outline: Report, row: ActivityRow): string | undefined {
  if (getValidator('report-activity-row', 'quick')(row)) return undefined;
  const problems = reportProblems({ ...outline, activity: [row] });
  return `activity row of entry #${row.seq}: ${problems ?? 'does not match #/$defs/ActivityRow'}`;
}

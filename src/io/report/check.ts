/**
 * The report against its published schema (schemas/report.schema.json), checked before any file
 * of it, in any format, is written: a mismatch is a bug in cic, and a clerk must not file it.
 */
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

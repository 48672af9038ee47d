/**
 * The report against its published schema (schemas/report.schema.json), checked before any file
 * of it, in any format, is written: a mismatch is a bug in cic, and a clerk must not file it.
 */
import { getValidator } from '../schemas/validators.js';
import type { ActivityRow, Report } from '../../core/report/model.js';

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

/** Rows per check of a report checked as it comes (ReportCheck): each check also takes the rest of the report again. */
const ROWS_PER_CHECK = 20_000;

/**
 * A report checked as its activity rows arrive (check-worker.ts gets them in parts while the
 * other thread is still writing them), with the same verdict as `reportProblems` of the whole:
 * the schema's `activity` is an array of rows that are each valid or not on their own (no
 * minItems, no uniqueItems: test/report/check holds the schema to that), so the report is valid
 * when the rest of it with each batch of rows is. No row is kept once its batch is checked.
 */
export class ReportCheck {
  private batch: ActivityRow[] = [];
  /** Rows before the batch. */
  private offset = 0;
  private checked = false;
  private failure?: string;

  /** `outline`: the report without its rows (`activity` is empty). */
  constructor(private readonly outline: Report) {}

  /** The next rows, in order. */
  add(rows: readonly ActivityRow[]): void {
    for (const row of rows) this.batch.push(row);
    if (this.batch.length >= ROWS_PER_CHECK) this.checkBatch();
  }

  /**
   * Once every row has come: undefined when the report matches its schema, else its first
   * problems, as `reportProblems` names them (the rest of the report and the first batch of rows
   * that does not match, with each row's index in the whole log).
   */
  problems(): string | undefined {
    if (this.batch.length || !this.checked) this.checkBatch();
    return this.failure;
  }

  private checkBatch(): void {
    if (this.failure === undefined) {
      const offset = this.offset;
      this.failure = reportProblems({ ...this.outline, activity: this.batch })?.replace(
        /\/activity\/(\d+)/g,
        (_m, i: string) => `/activity/${offset + Number(i)}`,
      );
    }
    this.offset += this.batch.length;
    this.batch = [];
    this.checked = true;
  }
}

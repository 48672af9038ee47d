/**
 * The error taxonomy. Every failure a person can cause or fix is one of these classes, and the
 * class alone decides the exit code (docs/design.md#the-command-line). Anything else that escapes is a bug (exit 1).
 */
import { oneLine } from './text/visible.js';

export const ExitCode = {
  ok: 0,
  bug: 1,
  badInput: 2,
  integrity: 3,
  notPermitted: 4,
  busy: 5,
  /** The disk or file system refused a write: full, read-only, no permission, something in the way. */
  writeFault: 6,
  cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export abstract class CicError extends Error {
  abstract readonly exitCode: ExitCode;
  /** A stable machine-readable name for this refusal, where its class alone does not say (errorCode). */
  readonly code?: string;
  /** What to do next, printed on its own line after the message. */
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    if (hint !== undefined) this.hint = hint;
  }
}

/** Bad input: unknown option or action, invalid playbook or value, missing fact (exit 2). */
export class InputError extends CicError {
  readonly exitCode = ExitCode.badInput;
}

/** The log does not verify, or its tail is damaged (exit 3). */
export class IntegrityError extends CicError {
  readonly exitCode = ExitCode.integrity;
}

/** The acting role may not do this (exit 4). */
export class PermissionError extends CicError {
  readonly exitCode = ExitCode.notPermitted;
}

/** The incident's lock could not be taken in time (exit 5). */
export class BusyError extends CicError {
  readonly exitCode = ExitCode.busy;
}

/**
 * The disk or file system refused a write (exit 6): ENOSPC, EDQUOT, EROFS, EACCES, EISDIR, …
 * Not a bug: the message says what could not be written, why, and whether anything was recorded.
 */
export class WriteFaultError extends CicError {
  readonly exitCode = ExitCode.writeFault;
}

/** The person cancelled at a prompt (exit 130); nothing was written. */
export class CancelledError extends CicError {
  readonly exitCode = ExitCode.cancelled;
  constructor(message = 'Cancelled; nothing was recorded.') {
    super(message);
  }
}

/** The machine-readable code of each exit code: what `--json` errors say when no finer code is set. */
const CODES: Record<ExitCode, string> = {
  [ExitCode.ok]: 'ok',
  [ExitCode.bug]: 'bug',
  [ExitCode.badInput]: 'bad-input',
  [ExitCode.integrity]: 'integrity',
  [ExitCode.notPermitted]: 'not-permitted',
  [ExitCode.busy]: 'busy',
  [ExitCode.writeFault]: 'write-fault',
  [ExitCode.cancelled]: 'cancelled',
};

/** The stable code `--json` reports for an error (docs/design.md#the-command-line). */
export function errorCode(err: CicError): string {
  return err.code ?? CODES[err.exitCode];
}

export function codeOfExit(exit: ExitCode): string {
  return CODES[exit];
}

/** One located problem in a file, as `file:line:col: message`. */
export interface Problem {
  /** The path as given (raw). */
  file: string;
  line: number;
  col: number;
  /** Words for a person, author text in them already escaped once (src/io/playbook/load.ts). */
  message: string;
}

/** The problem as one line for a terminal: the path escaped, the message as it is (escaped already). */
export function formatProblem(p: Problem): string {
  return `${oneLine(p.file)}:${p.line}:${p.col}: ${p.message}`;
}

/** Bad input that has several located problems (an invalid playbook). */
export class ProblemsError extends InputError {
  override readonly code = 'invalid-playbook';
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[], hint?: string) {
    super(problems.map(formatProblem).join('\n'), hint);
    this.problems = problems;
  }
}

/**
 * The process entry: run the CLI and map what escapes to an exit code. Known errors print their
 * message (and what to do next); anything else is a bug and says where to report it.
 */
import { cli, UsagePrinted } from './program.js';
import { CicError, codeOfExit, errorCode, ExitCode, ProblemsError, type Problem } from '../core/errors.js';
import { closeStores } from '../io/store/open-store.js';
import { faultTarget, isFault, writeFault } from '../io/fault.js';

const REPORT_BUGS =
  'This is a bug in cic. Please report it with the command you ran and this output (run again with --debug for details).';

/** node-postgres' words for a connection that died under it. */
const LOST_DATABASE = /Connection terminated|not queryable|ECONNRESET/i;

async function main(): Promise<void> {
  // `cic log | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const argv = process.argv.slice(2);
  const debug = argv.includes('--debug');
  try {
    await cli(argv);
    await closeStores();
  } catch (caught) {
    await closeStores().catch(() => undefined);
    const failure = describeFailure(caught);
    process.exitCode = failure.exit;
    if (argv.includes('--json')) {
      // Scripts read the code, not the prose: {error: {code, exit, message, hint}} on stderr.
      const { code, exit, message, hint, problems } = failure;
      process.stderr.write(
        JSON.stringify({
          error: { code, exit, message, ...(hint ? { hint } : {}), ...(problems ? { problems } : {}) },
        }) + '\n',
      );
    } else if (failure.printed) {
      // Commander printed the usage error and its suggestion already.
    } else if (failure.bare) {
      // Located problems print bare, one per line, so editors and grep can jump to file:line:col.
      process.stderr.write(failure.message + '\n');
      if (failure.hint) process.stderr.write(failure.hint + '\n');
    } else {
      // chalk loads only on the error path: start-up time is budgeted (docs/design.md#budgets).
      const { printError } = await import('../io/output/terminal.js');
      printError(failure.message, failure.hint);
    }
    if (debug && failure.stack) process.stderr.write(`${failure.stack}\n`);
  }
}

interface Failure {
  exit: ExitCode;
  code: string;
  message: string;
  hint?: string;
  problems?: readonly Problem[];
  /** Printed one per line without the "error:" prefix. */
  bare?: boolean;
  /** Already printed (commander's usage errors). */
  printed?: boolean;
  stack?: string;
}

/** What went wrong, its exit code and stable code, and the words for it. */
function describeFailure(caught: unknown): Failure {
  // A full, read-only or forbidden disk is a fault of the machine, not a bug (exit 6).
  const err = isFault(caught) ? writeFault(caught, faultTarget(caught)) : caught;
  if (err instanceof UsagePrinted) return { exit: err.exitCode, code: 'usage', message: err.message, printed: true };
  if (err instanceof ProblemsError)
    return {
      exit: err.exitCode,
      code: errorCode(err),
      message: err.message,
      problems: err.problems,
      bare: true,
      ...(err.hint ? { hint: err.hint } : {}),
    };
  if (err instanceof CicError)
    return {
      exit: err.exitCode,
      code: errorCode(err),
      message: err.message,
      ...(err.hint ? { hint: err.hint } : {}),
      ...(err.stack ? { stack: err.stack } : {}),
    };
  if (isPromptCancel(err))
    return {
      exit: ExitCode.cancelled,
      code: codeOfExit(ExitCode.cancelled),
      message: 'Cancelled; nothing was recorded.',
      bare: true,
    };
  if (err instanceof Error && LOST_DATABASE.test(err.message))
    // The database went away at a moment no store path classified: what was sent is unknown.
    return {
      exit: ExitCode.writeFault,
      code: codeOfExit(ExitCode.writeFault),
      message: `the connection to the database was lost (${err.message}); what this command sent may or may not have been recorded`,
      hint: 'When the server is back, look with `cic log` before recording it again.',
    };
  return {
    exit: ExitCode.bug,
    code: codeOfExit(ExitCode.bug),
    message: `unexpected failure: ${err instanceof Error ? err.message : String(err)}`,
    hint: REPORT_BUGS,
    ...(err instanceof Error && err.stack ? { stack: err.stack } : {}),
  };
}

/** @inquirer/prompts throws ExitPromptError on Ctrl+C; matched by name so it is not imported here. */
function isPromptCancel(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

void main();

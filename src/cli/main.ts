/**
 * The process entry: run the CLI and map what escapes to an exit code. Known errors print their
 * message (and what to do next); anything else is a bug and says where to report it.
 */
import { cli, UsagePrinted } from './program.js';
import { CicError, ExitCode, ProblemsError } from '../core/errors.js';
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
    // A full, read-only or forbidden disk is a fault of the machine, not a bug (exit 6).
    const err = isFault(caught) ? writeFault(caught, faultTarget(caught)) : caught;
    if (err instanceof UsagePrinted) {
      process.exitCode = err.exitCode;
    } else if (err instanceof ProblemsError) {
      // Located problems print bare, one per line, so editors and grep can jump to file:line:col.
      process.stderr.write(err.message + '\n');
      if (err.hint) process.stderr.write(err.hint + '\n');
      process.exitCode = err.exitCode;
    } else if (err instanceof CicError) {
      // chalk loads only on the error path: start-up time is budgeted (docs/design.md#budgets).
      const { printError } = await import('../io/output/terminal.js');
      printError(err.message, err.hint);
      if (debug) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err.exitCode;
    } else if (isPromptCancel(err)) {
      process.stderr.write('Cancelled; nothing was recorded.\n');
      process.exitCode = ExitCode.cancelled;
    } else if (err instanceof Error && LOST_DATABASE.test(err.message)) {
      // The database went away at a moment no store path classified: what was sent is unknown.
      const { printError } = await import('../io/output/terminal.js');
      printError(
        `the connection to the database was lost (${err.message}); what this command sent may or may not have been recorded`,
        'When the server is back, look with `cic log` before recording it again.',
      );
      process.exitCode = ExitCode.writeFault;
    } else {
      const message = err instanceof Error ? err.message : String(err);
      const { printError } = await import('../io/output/terminal.js');
      printError(`unexpected failure: ${message}`, REPORT_BUGS);
      if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = ExitCode.bug;
    }
  }
}

/** @inquirer/prompts throws ExitPromptError on Ctrl+C; matched by name so it is not imported here. */
function isPromptCancel(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

void main();

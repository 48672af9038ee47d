/**
 * A write or fsync of the log failed: a write fault (exit 6, docs/design.md#the-command-line), not a bug. The
 * message says what the disk said and that nothing was recorded, and the hint what to do. The
 * store never retries a failed write on its own.
 */
import { WriteFaultError } from '../../core/errors.js';

export class LogWriteError extends WriteFaultError {}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EIO: 'the disk reported an input/output error',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** `undone`: the partial write was truncated away, so the log is exactly as it was. */
export function writeFailed(
  incident: string,
  step: 'write' | 'fsync',
  err: NodeJS.ErrnoException,
  undone: boolean,
): LogWriteError {
  const code = err.code ?? 'error';
  const why = REASONS[code] ?? err.message;
  const message = `could not ${step === 'fsync' ? 'save (fsync)' : 'write'} the log of incident ${incident}: ${why} (${code}). Nothing was recorded.`;
  const next =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'Free some disk space, then run the command again.'
      : 'Check the disk, then run the command again.';
  const hint = undone
    ? next
    : `${next} cic could not undo the partial write: run \`cic verify ${incident}\` first (and \`cic verify ${incident} --repair\` if it reports a torn tail).`;
  return new LogWriteError(message, hint);
}

/**
 * A statement version's words, from the `statement.drafted` entry that logged them, for a store's
 * `statementTexts` (store.ts): the state a recording command starts from holds each version's seq
 * and SHA-256, not its words (src/core/statements/texts.ts).
 *
 * The line must already have passed `checkLine` (its own hash); here it must be the drafted entry
 * of that version, and its words must hash to the SHA-256 the state holds (what approvals and
 * releases bind to). Anything else is IntegrityError (exit 3): words that are not the approved
 * ones are never served.
 */
import { IntegrityError } from '../../core/errors.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { textSha256 } from '../../core/statements/rules.js';
import type { StatementVersion } from '../../core/statements/state.js';

/** What a store needs to know of a version to read its words. */
export type VersionRef = Pick<StatementVersion, 'seq' | 'sha256' | 'file'>;

/** The words in `line` (entry `v.seq`, own hash checked), if they are that version's. */
export function loggedText(line: string, v: VersionRef, incident: string): string {
  const entry = JSON.parse(line) as LogEntry<'statement.drafted'>;
  const text = entry.type === 'statement.drafted' ? entry.data.text : undefined;
  if (entry.seq !== v.seq || typeof text !== 'string' || entry.data.file !== v.file || textSha256(text) !== v.sha256)
    throw new IntegrityError(
      `entry #${v.seq} of incident ${incident} does not hold the words of ${v.file} that its state names (SHA-256 ${v.sha256.slice(0, 12)}…)`,
      `Run \`cic verify ${incident}\`; nothing was changed.`,
    );
  return text;
}

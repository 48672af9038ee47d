/**
 * The ids a person types: an incident (`2026-0007`), an action (`notify-city-manager`) and a
 * statement (`holding-statement`). Each is parsed once, where it enters the program (the command
 * line's options, `src/cli/options.ts`, or a folder name the workspace lists), into a branded type;
 * everything after that takes the type and does not check again.
 *
 * Whether an action or statement exists is the incident's playbook's business (the deciders say
 * so, with the ids it has); here an id only has to be one line of ordinary text.
 */
import { InputError } from './errors.js';
import { isPlainLine, oneLine } from './text/visible.js';

declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

/** Year and sequence: `2026-0007`. */
export type IncidentId = Branded<string, 'IncidentId'>;
/** An action of the incident's playbook. */
export type ActionId = Branded<string, 'ActionId'>;
/** A statement: an action of kind `statement`, whose drafts are files named after it. */
export type StatementId = Branded<string, 'StatementId'>;

/** Incident ids: year and sequence, `2026-0007`. */
export const INCIDENT_ID = /^\d{4}-\d{4}$/;

const show = (value: unknown) => (typeof value === 'string' ? `"${oneLine(value)}"` : String(value));

export function isIncidentId(id: unknown): id is IncidentId {
  return typeof id === 'string' && INCIDENT_ID.test(id);
}

/** The incident id in `text`, or InputError (exit 2). */
export function parseIncidentId(text: unknown): IncidentId {
  if (!isIncidentId(text)) {
    throw new InputError(
      `${show(text)} is not an incident id`,
      'Incident ids look like 2026-0007 (year, then a four-digit number); `cic list` shows them.',
    );
  }
  return text;
}

/** One line of ordinary text: no control, format or bidi characters, not empty. */
function isOrdinaryLine(text: unknown): text is string {
  return typeof text === 'string' && text !== '' && isPlainLine(text);
}

/** An action id as typed (`cic done ACTION`); whether the playbook has it is the decider's to say. */
export function parseActionId(text: unknown): ActionId {
  if (!isOrdinaryLine(text)) {
    throw new InputError(`${show(text)} is not an action id`, '`cic status` lists the actions and their ids.');
  }
  return text as ActionId;
}

/** A statement id as typed (`cic approve STATEMENT`); whether the playbook has it is the decider's to say. */
export function parseStatementId(text: unknown): StatementId {
  if (!isOrdinaryLine(text)) {
    throw new InputError(`${show(text)} is not a statement id`, '`cic statements` lists the statements.');
  }
  return text as StatementId;
}

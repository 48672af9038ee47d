/**
 * The statements decider: a statement command, the incident's state, its frozen playbook, the time
 * and who is acting → the events to append, or a refusal. Pure, like `incident/decide.ts`: the
 * command layer reads draft files and asks for facts, then passes what it found in the command.
 *
 * - draft: the facts given are recorded first, then the template is rendered with them, checked,
 *   and recorded as the next version with its whole text.
 * - register: an edited copy of the current version (its own file changed, a copy saved at the
 *   next version's name, or a file the person names) becomes the next version; earlier versions'
 *   texts stay as logged.
 * - approve / reject: one approver's decision on one version's text.
 * - release: the current version goes out on channels; its first release completes the earliest
 *   open occurrence of the statement's action (one occurrence of a recurring update per release).
 *
 * The rules each of these enforces are in `rules.ts`.
 */
import { InputError } from '../errors.js';
import { timeIn } from '../incident/wording.js';
import { decide as decideIncident } from '../incident/decide.js';
import type { Actor, IncidentEvent } from '../incident/events.js';
import { requireOpenWhenClosed, requireOrder } from '../incident/guards.js';
import { isOpen, schedule } from '../incident/schedule.js';
import type { IncidentState } from '../incident/state.js';
import type { Playbook } from '../playbook/model.js';
import { oneLine } from '../text/visible.js';
import { checkDraft } from './checks.js';
import { checkContext, foldEvents, statementAction, statementFormatter, templateText } from './compose.js';
import { render } from './render.js';
import { decideApprove, decideDraft, decideReject, decideRelease, draftFile, textSha256 } from './rules.js';
import { currentVersion, entryOf } from './state.js';

export * from './rules.js';

export interface DraftCommand {
  kind: 'draft';
  statement: string;
  /** Fact values to record first, as the raw text typed (`--fact`, or answers to questions). */
  facts: Record<string, string>;
}

export interface RegisterCommand {
  kind: 'register';
  statement: string;
  /** The current version's draft file as it is now (undefined: missing). */
  currentFile: string | undefined;
  /** A file at the next version's name (a copy someone saved), if there is one. */
  nextFile: string | undefined;
  /** An edited text named on the command line (`--register FILE`, or the $EDITOR file): registered as it is. */
  given?: { text: string; name: string };
}

export interface ApproveStatementCommand {
  kind: 'approve';
  statement: string;
  version?: number;
  /** The named version's draft file as it is now (undefined: missing). */
  file: string | undefined;
}

export interface RejectStatementCommand {
  kind: 'reject';
  statement: string;
  version?: number;
  reason: string;
}

export interface ReleaseStatementCommand {
  kind: 'release';
  statement: string;
  channels: readonly string[];
  /** The current version's draft file as it is now (undefined: missing). */
  file: string | undefined;
}

export type StatementCommand =
  DraftCommand | RegisterCommand | ApproveStatementCommand | RejectStatementCommand | ReleaseStatementCommand;

const shaOf = (text: string | undefined) => (text === undefined ? undefined : textSha256(text));

export function decide(
  command: StatementCommand,
  state: IncidentState,
  playbook: Playbook,
  now: Date,
  actor: Actor,
): IncidentEvent[] {
  const action = statementAction(playbook, command.statement);
  requireOpenWhenClosed(action, state, playbook, now);
  const { statement } = command;
  switch (command.kind) {
    case 'draft': {
      const factEvents = Object.keys(command.facts).length
        ? decideIncident({ kind: 'setFacts', facts: command.facts }, state, playbook, now, actor)
        : [];
      const after = foldEvents(state, factEvents, now, actor);
      const rendered = render(templateText(playbook, action), after.facts, statementFormatter(playbook));
      const findings = checkDraft(rendered.text, checkContext(action, after, playbook, now));
      const data = decideDraft(
        { statement, text: rendered.text, facts: rendered.used, findings, source: 'template' },
        after.statements,
        action,
      );
      return [...factEvents, { type: 'statement.drafted', data }];
    }
    case 'register': {
      const text = editedText(command, state);
      const current = currentVersion(entryOf(state.statements, statement))!;
      const findings = checkDraft(text, checkContext(action, state, playbook, now));
      const data = decideDraft(
        { statement, text, facts: current.facts, findings, source: 'edited' },
        state.statements,
        action,
      );
      return [{ type: 'statement.drafted', data }];
    }
    case 'approve': {
      const version = command.version;
      const data = decideApprove(
        { statement, ...(version === undefined ? {} : { version }), currentFileSha256: shaOf(command.file) },
        state.statements,
        action,
        actor,
        playbook.roles,
      );
      return [{ type: 'statement.approved', data }];
    }
    case 'reject': {
      const version = command.version;
      const data = decideReject(
        { statement, ...(version === undefined ? {} : { version }), reason: command.reason },
        state.statements,
        action,
        actor,
        playbook.roles,
      );
      return [{ type: 'statement.rejected', data }];
    }
    case 'release': {
      const decision = decideRelease(
        { statement, channels: command.channels, currentFileSha256: shaOf(command.file) },
        state.statements,
        action,
        actor,
        playbook.roles,
      );
      // Words drafted hours ago may promise a time that has since passed: not released as they are.
      for (const fact of playbook.facts) {
        const value = decision.data.facts[fact.id];
        if (!fact.promise || typeof value !== 'string' || Date.parse(value) > now.getTime()) continue;
        throw new InputError(
          `v${decision.data.version} of ${statement} promises ${fact.id} at ${timeIn(new Date(value), playbook.time_zone)}, which has already passed; it cannot be released as it is`,
          `set a time ahead (cic fact set ${fact.id}="…"), draft again and have it approved`,
        );
      }
      const events: IncidentEvent[] = [{ type: 'statement.released', data: decision.data }];
      if (!decision.completesAction) return events;
      const open = schedule(state, playbook, now)
        .filter((i) => i.action === action.id && i.applicable && isOpen(i))
        .sort((a, b) => a.occurrence - b.occurrence)[0];
      if (open) {
        // depends_on: the family sees the video before it is released, the partner institution is
        // called before a Tier 3 statement goes out (guards.ts requireOrder).
        requireOrder(action, open, playbook, 'released');
        events.push({
          type: 'action.completed',
          data: {
            action: action.id,
            occurrence: open.occurrence,
            note: `released v${decision.data.version} on ${decision.data.channels.join(', ')}`,
          },
        });
      }
      return events;
    }
  }
}

/**
 * Which edited text `--register` records: the current version's own file if it no longer holds
 * that version's words, else a copy saved at the next version's name. Both changed: cic does not
 * choose between two people's edits.
 */
function editedText(command: RegisterCommand, state: IncidentState): string {
  const { statement } = command;
  const current = currentVersion(entryOf(state.statements, statement));
  if (!current)
    throw new InputError(
      `${oneLine(statement)} has no draft yet, so there is nothing to register`,
      `Draft it first: cic draft ${statement}`,
    );
  if (command.given) {
    if (textSha256(command.given.text) === current.sha256)
      throw new InputError(
        `${command.given.name} holds exactly the words of v${current.version} of ${oneLine(statement)}; there is nothing new to register`,
        `Edit it first, or approve v${current.version} as it is.`,
      );
    return command.given.text;
  }
  const nextName = draftFile(statement, current.version + 1);
  const edited = command.currentFile !== undefined && textSha256(command.currentFile) !== current.sha256;
  const copied = command.nextFile !== undefined && textSha256(command.nextFile) !== current.sha256;
  if (edited && command.nextFile !== undefined)
    throw new InputError(
      `both ${current.file} and ${nextName} hold unrecorded text; cic will not choose between them`,
      `Keep the one you mean: remove the other, then run cic draft ${statement} --register again.`,
    );
  if (edited) return command.currentFile!;
  if (copied) return command.nextFile!;
  if (command.currentFile === undefined)
    throw new InputError(
      `${current.file} (v${current.version} of ${oneLine(statement)}) is missing, so there is no edited text to register`,
      `Its words are in the log (cic statements ${statement} --show ${current.version}); edit a copy of them, or draft again: cic draft ${statement}`,
    );
  throw new InputError(
    `${current.file} has not changed since v${current.version} was drafted; there is nothing new to register`,
    `Edit it first (or run cic draft ${statement} --edit), or approve v${current.version} as it is.`,
  );
}

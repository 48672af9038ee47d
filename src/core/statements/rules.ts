/**
 * The statement approval rules, as pure decisions: given the statements slice, the playbook's
 * action and roles, who is acting and what the draft file now hashes to, either the data of the
 * one event to append or an error that says what to do instead.
 *
 * Rules (docs/clerk.md):
 * - A draft is a numbered version (last + 1) with its text's SHA-256; drafting the very same text
 *   again is refused, since a new version would void approvals for nothing.
 * - Only the current (latest) version can be approved, rejected or released; a new version voids
 *   every approval of earlier ones.
 * - Approving or rejecting needs a role among the action's approvers, or one that acts for one
 *   (exit 4 otherwise). A version with check errors cannot be approved. An approver decides once
 *   per version (a rejection may later be turned into an approval, and the reverse).
 * - Approvals bind to exact words: the version's text as logged, by its SHA-256. Its file in
 *   drafts/ is a copy; a copy changed outside cic is refused (the approver may have read other
 *   words) until it is registered as a new version (`cic draft STATEMENT --register`) or removed
 *   (it is regenerated from the log). A missing copy is no obstacle.
 * - Releasing is for the action's owner or an approver (or a role acting for one), and only when
 *   every approver's standing decision on the current version is an approval. A version is released
 *   once per channel: it may go out later on a channel it has not gone out on (the website after
 *   the press release), never twice on the same one. Only its first release completes the action.
 */
import { createHash } from 'node:crypto';
import { InputError, PermissionError } from '../errors.js';
import type { EventData } from '../incident/events.js';
import type { Action, FactValue, Role } from '../playbook/model.js';
import {
  actsFor,
  approvalShortfall,
  approverRoleFor,
  approversOf,
  decisionsOn,
  statementProgress,
} from './approvals.js';
import type { Finding } from './checks.js';
import { type StatementState, type StatementVersion, type StatementsState, currentVersion, entryOf } from './state.js';

export { statementProgress, statementStatus } from './approvals.js';
export type { StatementProgress, StatementStatus } from './approvals.js';
export { factChanges } from './fact-changes.js';
export type { FactChange } from './fact-changes.js';

/** SHA-256 (hex) of a draft's text as written to its file (UTF-8). */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The longest text a version may have, in characters: a statement is a few kB, and the whole text
 * goes into its log entry, whose size is bounded (src/core/log/line.ts).
 */
export const STATEMENT_TEXT_MAX = 32768;

const STATEMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** `drafts/<statement>.v<N>.md`, relative to the incident folder. */
export function draftFile(statement: string, version: number): string {
  if (!STATEMENT_ID.test(statement))
    throw new InputError(`"${statement}" cannot name a draft file: statement ids are letters, digits, "-" and "_"`);
  return `drafts/${statement}.v${version}.md`;
}

/** The version number the next draft of `statement` gets. */
export function nextVersion(slice: StatementsState, statement: string): number {
  return (currentVersion(entryOf(slice, statement))?.version ?? 0) + 1;
}

/** The action's `required_facts` that have no value (or an empty one): asked for on a TTY. */
export function missingRequiredFacts(action: Action, facts: Readonly<Record<string, FactValue>>): string[] {
  return (action.required_facts ?? []).filter((id) => {
    const value = Object.hasOwn(facts, id) ? facts[id] : undefined;
    return value === undefined || (typeof value === 'string' && value.trim() === '');
  });
}

export interface DraftInput {
  statement: string;
  /** The full text to be written to the draft file. */
  text: string;
  /** The fact values it was rendered with (for an edited file: those of the version it came from). */
  facts: Record<string, FactValue>;
  findings: readonly Finding[];
  source: 'template' | 'edited';
}

function requireStatementAction(action: Action): void {
  if (action.kind !== 'statement' && action.template === undefined) {
    throw new InputError(
      `${action.id} is a ${action.kind} action with no template, so it has no statement to draft`,
      'run "cic status" to see the statement actions',
    );
  }
}

export function decideDraft(input: DraftInput, slice: StatementsState, action: Action): EventData['statement.drafted'] {
  requireStatementAction(action);
  if ([...input.text].length > STATEMENT_TEXT_MAX) {
    throw new InputError(
      `the draft of ${input.statement} is ${[...input.text].length} characters long, over the ${STATEMENT_TEXT_MAX}-character limit for one statement`,
      'shorten it: a statement is read in a minute or two',
    );
  }
  const current = currentVersion(entryOf(slice, input.statement));
  const sha256 = textSha256(input.text);
  if (current && current.sha256 === sha256) {
    throw new InputError(
      input.source === 'edited'
        ? `${current.file} has not changed since v${current.version} was drafted; there is nothing new to register`
        : `the new draft of ${input.statement} is word for word v${current.version}; nothing was recorded`,
      `review and approve v${current.version} as it is (cic approve ${input.statement}), or change the facts first`,
    );
  }
  const version = (current?.version ?? 0) + 1;
  return {
    statement: input.statement,
    version,
    file: draftFile(input.statement, version),
    sha256,
    text: input.text,
    facts: { ...input.facts },
    checks: input.findings.map(({ level, line, message }) => ({ level, line, message })),
    source: input.source,
  };
}

/** Roles that may act on the statement: each listed role, and the roles that act for one. */
function whoMay(listed: readonly string[], roles: readonly Role[]): string {
  const deputies = roles
    .filter((r) => !listed.includes(r.id) && (r.acts_for ?? []).some((a) => listed.includes(a)))
    .map((r) => r.id);
  return listed.join(', ') + (deputies.length ? ` (or ${deputies.join(', ')}, acting for one)` : '');
}

function requireApprover(verb: string, action: Action, actor: { role: string }, roles: readonly Role[]): string {
  const approvers = approversOf(action);
  if (approvers.length === 0)
    throw new InputError(
      `${action.id} has no approvers in the playbook, so there is nothing to ${verb}`,
      `release it with "cic release ${action.id} --channel …"`,
    );
  const approver = approverRoleFor(actor.role, action, roles);
  if (approver === undefined) {
    throw new PermissionError(
      `role ${actor.role} may not ${verb} ${action.id}: its approvers are ${whoMay(approvers, roles)}`,
      `ask one of them, or run the command as one (--as ROLE)`,
    );
  }
  return approver;
}

/** The version a command names (default: the current one), refusing stale and unknown ones. */
function targetVersion(
  entry: StatementState | undefined,
  statement: string,
  version: number | undefined,
  verb: string,
): StatementVersion {
  const current = currentVersion(entry);
  if (!entry || !current)
    throw new InputError(`${statement} has no draft yet`, `draft it first: cic draft ${statement}`);
  if (version === undefined || version === current.version) return current;
  if (!entry.versions.some((v) => v.version === version)) {
    throw new InputError(
      `${statement} has no version ${version}; its versions are ${entry.versions.map((v) => `v${v.version}`).join(', ')}`,
    );
  }
  throw new InputError(
    `v${version} of ${statement} is not the current draft (v${current.version} is), so it can no longer be ${verb}: approvals bind to one text`,
    `review ${current.file}, then: cic ${verb === 'approved' ? 'approve' : 'reject'} ${statement} --version ${current.version}`,
  );
}

/**
 * The version's copy in drafts/, if it is there, must still be its logged text: whoever approves or
 * releases may have read that file. A missing copy is regenerated from the log by the command.
 */
function requireUnchangedFile(
  statement: string,
  v: StatementVersion,
  currentFileSha256: string | undefined,
  doing: string,
): void {
  if (currentFileSha256 !== undefined && currentFileSha256 !== v.sha256) {
    throw new InputError(
      `${v.file} was changed outside cic after v${v.version} was drafted, so what it says is not v${v.version} and cannot be ${doing} (v${v.version}'s words, as logged: cic statements ${statement} --show ${v.version})`,
      `register the edited file as a new version with "cic draft ${statement} --register", or remove the file (cic writes v${v.version} again from the log)`,
    );
  }
}

function requireNotReleased(entry: StatementState, v: StatementVersion, statement: string, verb: string): void {
  const release = entry.releases.find((r) => r.version === v.version);
  if (release) {
    throw new InputError(
      `v${v.version} of ${statement} was already released (${release.channels.join(', ')}, ${release.at}); it can no longer be ${verb}`,
      `to say something new, draft a new version: cic draft ${statement}`,
    );
  }
}

export interface ApproveCommand {
  statement: string;
  version?: number;
  /** SHA-256 of the version's draft file as it is now on disk; undefined when the file is missing. */
  currentFileSha256: string | undefined;
}

export function decideApprove(
  cmd: ApproveCommand,
  slice: StatementsState,
  action: Action,
  actor: { role: string },
  roles: readonly Role[],
): EventData['statement.approved'] {
  requireStatementAction(action);
  const approver = requireApprover('approve', action, actor, roles);
  const entry = entryOf(slice, cmd.statement);
  const v = targetVersion(entry, cmd.statement, cmd.version, 'approved');
  requireNotReleased(entry!, v, cmd.statement, 'approved');
  const errors = v.checks.filter((c) => c.level === 'error');
  if (errors.length > 0) {
    throw new InputError(
      `v${v.version} of ${cmd.statement} has ${errors.length} check error${errors.length === 1 ? '' : 's'} and cannot be approved:\n` +
        errors.map((c) => `  ${v.file}:${c.line}: ${c.message}`).join('\n'),
      `fix them (record facts and "cic draft ${cmd.statement}" again, or edit the file and "cic draft ${cmd.statement} --register")`,
    );
  }
  const standing = decisionsOn(entry!, v.version, action, roles).get(approver);
  if (standing?.kind === 'approved') {
    const a = standing.approval;
    const onBehalf = a.role === approver ? '' : ` (by ${a.role}, acting for ${approver})`;
    throw new InputError(
      `${approver} has already approved v${v.version} of ${cmd.statement}${onBehalf}: ${a.by.name}, ${a.at}`,
    );
  }
  requireUnchangedFile(cmd.statement, v, cmd.currentFileSha256, 'approved');
  return {
    statement: cmd.statement,
    version: v.version,
    sha256: v.sha256,
    warnings: v.checks.filter((c) => c.level === 'warning').map((c) => `line ${c.line}: ${c.message}`),
  };
}

export interface RejectCommand {
  statement: string;
  version?: number;
  reason: string;
}

export function decideReject(
  cmd: RejectCommand,
  slice: StatementsState,
  action: Action,
  actor: { role: string },
  roles: readonly Role[],
): EventData['statement.rejected'] {
  requireStatementAction(action);
  const approver = requireApprover('reject', action, actor, roles);
  const reason = cmd.reason.trim();
  if (reason === '') throw new InputError('a rejection needs a reason: say what must change (--reason "…")');
  const entry = entryOf(slice, cmd.statement);
  const v = targetVersion(entry, cmd.statement, cmd.version, 'rejected');
  requireNotReleased(entry!, v, cmd.statement, 'rejected');
  if (decisionsOn(entry!, v.version, action, roles).get(approver)?.kind === 'rejected') {
    throw new InputError(`${approver} has already rejected v${v.version} of ${cmd.statement}`);
  }
  return { statement: cmd.statement, version: v.version, sha256: v.sha256, reason };
}

export interface ReleaseCommand {
  statement: string;
  channels: readonly string[];
  /** SHA-256 of the current version's draft file as it is now; undefined when missing. */
  currentFileSha256: string | undefined;
}

export interface ReleaseDecision {
  data: EventData['statement.released'];
  /** True for a version's first release: the command also records `action.completed`. */
  completesAction: boolean;
}

/** A release that names no channel: at a terminal the command asks, elsewhere it says how. */
export class ChannelsMissing extends InputError {
  override readonly code = 'channels-missing';
  constructor(statement: string, listed: readonly string[]) {
    super(
      `say where ${statement} is released`,
      `add --channel ${listed.length ? listed.join(' | ') : 'press-release | social | website | …'} (repeatable)`,
    );
  }
}

export function decideRelease(
  cmd: ReleaseCommand,
  slice: StatementsState,
  action: Action,
  actor: { role: string },
  roles: readonly Role[],
): ReleaseDecision {
  requireStatementAction(action);
  const allowed = [action.owner, ...approversOf(action)].filter((r, i, all) => all.indexOf(r) === i);
  if (!allowed.includes(actor.role) && !actsFor(actor.role, roles).some((r) => allowed.includes(r))) {
    throw new PermissionError(
      `role ${actor.role} may not release ${action.id}: its owner and approvers are ${whoMay(allowed, roles)}`,
      'ask one of them, or run the command as one (--as ROLE)',
    );
  }
  const entry = entryOf(slice, cmd.statement);
  const v = targetVersion(entry, cmd.statement, undefined, 'released');

  const errors = v.checks.filter((c) => c.level === 'error');
  if (errors.length) {
    throw new InputError(
      `v${v.version} of ${cmd.statement} has check errors and cannot be released:\n${errors.map((c) => `  ${v.file}:${c.line}: ${c.message}`).join('\n')}`,
    );
  }
  const progress = statementProgress(entry, action, roles);
  const shortfall = approvalShortfall(action, progress.approved);
  if (shortfall !== undefined) {
    const rejectedNote = progress.rejected.length ? `; ${progress.rejected.join(', ')} requested changes` : '';
    throw new InputError(
      `v${v.version} of ${cmd.statement} cannot be released yet: it needs ${shortfall}${rejectedNote}`,
      `each of them runs: cic approve ${cmd.statement} --version ${v.version}`,
    );
  }
  requireUnchangedFile(cmd.statement, v, cmd.currentFileSha256, 'released');

  // Where it goes is asked last: a statement that cannot go out is refused before anyone is asked.
  const channels = [...new Set(cmd.channels.map((c) => c.trim()).filter(Boolean))];
  const listed = action.channels ?? [];
  if (channels.length === 0) throw new ChannelsMissing(cmd.statement, listed);
  const unknown = listed.length ? channels.filter((c) => !listed.includes(c)) : [];
  if (unknown.length)
    throw new InputError(
      `${cmd.statement} is not released on ${unknown.join(', ')}: its channels are ${listed.join(', ')}`,
      `add --channel ${listed.join(' | ')} (repeatable)`,
    );

  const earlier = entry!.releases.filter((r) => r.version === v.version);
  const again = channels.filter((c) => earlier.some((r) => r.channels.includes(c)));
  if (again.length) {
    throw new InputError(
      `v${v.version} of ${cmd.statement} was already released on ${again.join(', ')}; a version goes out once per channel`,
      `to say something new, draft a new version: cic draft ${cmd.statement}`,
    );
  }
  return {
    data: { statement: cmd.statement, version: v.version, sha256: v.sha256, channels, facts: { ...v.facts } },
    completesAction: earlier.length === 0,
  };
}

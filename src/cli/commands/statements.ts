/**
 * `cic draft`, `cic approve`, `cic reject`, `cic release` and `cic statements`: a public statement
 * from its template to a released text whose approvals are bound to the exact words approved.
 *
 * Every recording goes through `recordCommand`: the statements decider
 * (src/core/statements/decide.ts) decides on the log as read under the incident's lock, given the
 * draft file as it is on disk then, so a file edited after drafting is noticed. Drafting itself
 * lives in `drafting.ts`.
 * The flows below the entry points are shared with `cic run`.
 */
import { join, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { guardWrite } from '../../io/fault.js';
import { fileSha256, writeDraftAtomic } from '../../io/workspace/draft-files.js';
import { fold } from '../../core/incident/fold.js';
import { schedule } from '../../core/incident/schedule.js';
import type { IncidentState } from '../../core/incident/state.js';
import { style, stdout } from '../../io/output/terminal.js';
import { oneLine, visible } from '../../core/text/visible.js';
import type { Action } from '../../core/playbook/model.js';
import { askCheckbox, askText, isInteractive } from '../../io/prompts.js';
import { decide as decideStatement, statementProgress } from '../../core/statements/decide.js';
import { decide as decideIncident } from '../../core/incident/decide.js';
import { occurrenceRecord } from '../../core/incident/state.js';
import { approvalShortfall, approvedRoles, approverRoleFor } from '../../core/statements/approvals.js';
import { currentVersion, entryOf } from '../../core/statements/state.js';
import { ChannelsMissing } from '../../core/statements/rules.js';
import { clockTime } from '../views/labels.js';
import { elapsedWords } from '../../core/time/format.js';
import { loadIncident, openWorkspace, selectIncident, store } from './incident-access.js';
import type { LogStore } from '../../io/log/store.js';
import type { IncidentId } from '../../core/ids.js';
import type {
  ApproveOptions,
  DraftOptions,
  RecordingOptions,
  RejectOptions,
  ReleaseOptions,
  StatementsOptions,
} from '../options.js';
import {
  display,
  draftStatement,
  editDraft,
  parsePairs,
  readEditedFile,
  registerEdited,
  restoreCopies,
  roleName,
  statementAction,
  statementContext,
  type DraftResult,
} from './drafting.js';
import { loggedTexts, recordCommand, type Recorded } from './apply-command.js';
import { textOf, textsOf, type StatementTexts } from '../../core/statements/texts.js';

// ---------------------------------------------------------------------------------------------
// Command entry points

export async function draft(opts: DraftOptions): Promise<DraftResult | undefined> {
  const statement = opts.statement;
  const facts = parsePairs(opts.fact);
  if (opts.register) {
    if (Object.keys(facts).length)
      throw new InputError(
        '--register records an edited draft file as it is; it takes no --fact',
        `Record facts first (cic fact set KEY=VALUE), then draft again: cic draft ${statement}`,
      );
    return registerEdited(opts, statement, opts.registerFile ? readEditedFile(opts.registerFile) : undefined);
  }
  if (opts.edit && !isInteractive())
    throw new InputError(
      '--edit opens $EDITOR, which needs a terminal',
      `Edit a copy of its words yourself (cic statements ${statement} --export DIR), then register it: cic draft ${statement} --register FILE`,
    );
  if (!opts.edit) return draftStatement(opts, statement, facts);
  // --edit edits the current version; with new facts, or before the first draft, it drafts first.
  const { state } = await statementContext(opts, statement);
  const drafted = currentVersion(entryOf(state.statements, statement)) !== undefined;
  const result = Object.keys(facts).length > 0 || !drafted ? await draftStatement(opts, statement, facts) : undefined;
  return (await editDraft(opts, statement)) ?? result;
}

export async function approve(opts: ApproveOptions): Promise<Recorded> {
  return approveStatement(opts, opts.statement, opts.version);
}

export async function reject(opts: RejectOptions): Promise<Recorded> {
  return rejectStatement(opts, opts.statement, opts.reason, opts.version);
}

export async function release(opts: ReleaseOptions): Promise<Recorded> {
  const statement = opts.statement;
  if (opts.channels.length > 0 || !isInteractive()) return releaseStatement(opts, statement, opts.channels);
  // Decided once without channels first, so an unapproved statement is refused before anyone is
  // asked where it goes; only the missing channels are then asked for.
  try {
    return await releaseStatement(opts, statement, []);
  } catch (err) {
    if (!(err instanceof ChannelsMissing)) throw err;
  }
  const { action } = await statementContext(opts, statement);
  return releaseStatement(opts, statement, await askChannels(action));
}

/**
 * `cic statements [STATEMENT] [--show N | --export DIR]`: each statement, or one; `--show N` prints a
 * version's words, `--export DIR` writes every version's words to files there.
 */
export async function statements(opts: StatementsOptions): Promise<unknown> {
  const { statementsJson, statementsText } = await import('../views/statements-view.js');
  const named = opts.statement;
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, {
    anyState: true,
    how: 'cic statements -i ID',
  });
  const { loaded, entries, dir } = await loadIncident(ws, id);
  const state = fold(entries, id);
  if (named !== undefined) statementAction(loaded.playbook, named);
  if (opts.show !== undefined && opts.export !== undefined)
    throw new InputError('--show prints a version and --export writes versions to files: give one of them');
  if (opts.show !== undefined) return showVersion(state, textsOf(entries), named, opts.show, opts.json);
  if (opts.export !== undefined) return exportVersions(state, textsOf(entries), named, opts.export, opts.json);
  const { systemClock } = await import('../../io/clock.js');
  const c = systemClock();
  const copies = await copyDigests(store(ws), id, state);
  const input = {
    state,
    playbook: loaded.playbook,
    now: c.now(),
    fileSha256: (file: string) => copies.get(file),
    displayDir: display(dir),
    simulated: c.simulated,
    ...(named === undefined ? {} : { only: named }),
  };
  const view = statementsJson(input);
  if (opts.json) stdout.json(view);
  else for (const line of statementsText(input, process.stdout.columns || 100)) stdout.line(line);
  return view;
}

/** `--show N`: the version's exact words as the log holds them, whatever its file now says. */
function showVersion(
  state: IncidentState,
  texts: StatementTexts,
  statement: string | undefined,
  version: number,
  json: boolean,
) {
  if (statement === undefined)
    throw new InputError(
      '--show needs a statement: which one?',
      `For example: cic statements holding-statement --show ${version}`,
    );
  const entry = entryOf(state.statements, statement);
  const v = entry?.versions.find((x) => x.version === version);
  if (!v)
    throw new InputError(
      `${oneLine(statement)} has no version ${version}${entry?.versions.length ? `; its versions are ${entry.versions.map((x) => `v${x.version}`).join(', ')}` : ''}`,
      entry?.versions.length ? undefined : `Draft it first: cic draft ${oneLine(statement)}`,
    );
  const shown = {
    statement,
    version: v.version,
    sha256: v.sha256,
    drafted_at: v.drafted_at,
    drafted_by: { role: v.drafted_by.role, name: v.drafted_by.name },
    text: textOf(texts, v),
  };
  if (json) stdout.json(shown);
  // The words as written, escaped only where a terminal would act on them (control, bidi).
  else stdout.line(visible(shown.text.endsWith('\n') ? shown.text.slice(0, -1) : shown.text));
  return shown;
}

// ---------------------------------------------------------------------------------------------
// Shared with `cic run`

/**
 * The SHA-256 of each version's copy as it is now (the statements view points out a changed or
 * missing one). A store that keeps no copies holds each version only as its logged words.
 */
async function copyDigests(s: LogStore, id: IncidentId, state: IncidentState): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of Object.values(state.statements))
    for (const v of entry.versions) {
      const sha = s.keepsDraftCopies ? await s.draftSha256(id, v.file) : v.sha256;
      if (sha !== undefined) out.set(v.file, sha);
    }
  return out;
}

/**
 * `--export DIR`: each version's words as the log holds them, one file per version
 * (`<statement>.v<N>.md`, the names the folder store's copies have), in a folder the person names:
 * to read, send or edit and register (`cic draft STATEMENT --register FILE`). A file already there
 * with other words may be somebody's edit: nothing is overwritten, and nothing is written at all.
 */
function exportVersions(
  state: IncidentState,
  texts: StatementTexts,
  statement: string | undefined,
  dir: string,
  json: boolean,
) {
  const root = resolve(process.cwd(), dir);
  const versions = Object.entries(state.statements)
    .filter(([id]) => statement === undefined || id === statement)
    .flatMap(([id, entry]) => entry.versions.map((v) => ({ statement: id, v })));
  if (versions.length === 0)
    throw new InputError(
      statement === undefined ? 'no statement has been drafted yet' : `${oneLine(statement)} has no draft yet`,
      `Draft it first: cic draft ${statement === undefined ? 'STATEMENT' : oneLine(statement)}`,
    );
  const files = versions.map(({ statement: id, v }) => ({
    statement: id,
    version: v.version,
    sha256: v.sha256,
    text: textOf(texts, v),
    path: join(root, `${id}.v${v.version}.md`),
  }));
  const present = files.map((f) => fileSha256(f.path));
  const clash = files.findIndex((f, k) => present[k] !== undefined && present[k] !== f.sha256);
  if (clash >= 0) {
    const f = files[clash]!;
    throw new InputError(
      `${oneLine(display(f.path))} is already there with other words than v${f.version} of ${oneLine(f.statement)}; nothing was written`,
      `If it is an edit, register it: cic draft ${oneLine(f.statement)} --register ${display(f.path)}. Otherwise export to another folder.`,
    );
  }
  files.forEach((f, k) => {
    if (present[k] === undefined) guardWrite(`the file ${display(f.path)}`, () => writeDraftAtomic(f.path, f.text));
  });
  const exported = files.map(({ statement: id, version, sha256, path }, k) => ({
    statement: id,
    version,
    sha256,
    path,
    written: present[k] === undefined,
  }));
  if (json) stdout.json({ exported });
  else
    for (const f of exported)
      stdout.line(
        `${f.written ? 'Wrote' : 'Already there:'} ${display(f.path)} (v${f.version} of ${oneLine(f.statement)}, sha256 ${f.sha256.slice(0, 12)}…)`,
      );
  return { exported };
}

/** The words of a version's copy as it is now (undefined when there is none, or no copies are kept). */
async function copyText(
  s: LogStore,
  id: IncidentId,
  state: IncidentState,
  statement: string,
  version: number | undefined,
): Promise<string | undefined> {
  const entry = entryOf(state.statements, statement);
  const v = version === undefined ? currentVersion(entry) : entry?.versions.find((x) => x.version === version);
  return v ? s.readDraft(id, v.file) : undefined;
}

/** After a statement command: any version's copy missing from drafts/ is written again from the log. */
async function restoreAfter(s: LogStore, recorded: Recorded): Promise<void> {
  await restoreCopies(
    s,
    recorded.id,
    recorded.state,
    (versions) => loggedTexts(recorded, versions),
    (file) => stdout.line(style.dim(`Wrote ${file} again from the log.`)),
  );
}

export async function approveStatement(opts: RecordingOptions, statement: string, version?: number): Promise<Recorded> {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true });
  const s = store(ws);
  const recorded = await recordCommand({ ...opts, incident: id }, async ({ state, playbook, actor, now }) => {
    const duty = playbook.actions.find((a) => a.id === statement);
    // An action without a template has no draft: its approval is of the occurrence, before `done`.
    if (duty !== undefined && duty.template === undefined) {
      if (version !== undefined)
        throw new InputError(`${oneLine(statement)} is not a statement, so it has no versions`, 'Leave out --version.');
      return decideIncident({ kind: 'approve', action: statement }, state, playbook, now, actor);
    }
    return decideStatement(
      {
        kind: 'approve',
        statement,
        ...(version === undefined ? {} : { version }),
        file: await copyText(s, id, state, statement, version),
      },
      state,
      playbook,
      now,
      actor,
    );
  });
  if (recorded.written[0]?.type === 'action.approved') {
    stdout.line(dutyApprovalLine(recorded, statement));
    return recorded;
  }
  const data = recorded.written[0]!.data as { version: number; sha256: string; warnings: string[] };
  const standsFor = approverRoleFor(
    recorded.actor.role,
    statementAction(recorded.playbook, statement),
    recorded.playbook.roles,
  );
  const acting =
    standsFor && standsFor !== recorded.actor.role ? `, acting for ${roleName(recorded.playbook, standsFor)}` : '';
  stdout.line(
    `Approved v${data.version} of ${oneLine(statement)}: ${oneLine(recorded.actor.name)}, ${roleName(recorded.playbook, recorded.actor.role)}${acting}; bound to sha256 ${data.sha256.slice(0, 12)}…`,
  );
  for (const w of data.warnings) stdout.line(`${style.warn('warning')} recorded with this approval: ${oneLine(w)}`);
  stdout.line(progressLine(recorded, statement));
  await restoreAfter(s, recorded);
  return recorded;
}

export async function rejectStatement(
  opts: RecordingOptions,
  statement: string,
  reason: string,
  version?: number,
): Promise<Recorded> {
  const recorded = await recordCommand(opts, ({ state, playbook, actor, now }) =>
    decideStatement(
      { kind: 'reject', statement, ...(version === undefined ? {} : { version }), reason },
      state,
      playbook,
      now,
      actor,
    ),
  );
  const data = recorded.written[0]!.data as { version: number };
  stdout.line(
    `Requested changes to v${data.version} of ${oneLine(statement)} as ${roleName(recorded.playbook, recorded.actor.role)}: ${oneLine(reason.trim())}`,
  );
  stdout.line(progressLine(recorded, statement));
  return recorded;
}

export async function releaseStatement(
  opts: RecordingOptions,
  statement: string,
  channels: string[],
): Promise<Recorded> {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true });
  const s = store(ws);
  const recorded = await recordCommand({ ...opts, incident: id }, async ({ state, playbook, actor, now }) =>
    decideStatement(
      { kind: 'release', statement, channels, file: await copyText(s, id, state, statement, undefined) },
      state,
      playbook,
      now,
      actor,
    ),
  );
  const data = recorded.written[0]!.data as { version: number; sha256: string; channels: string[] };
  stdout.line(
    `Released v${data.version} of ${oneLine(statement)} on ${data.channels.map(oneLine).join(', ')} (sha256 ${data.sha256.slice(0, 12)}…).`,
  );
  const completed = recorded.written.find((e) => e.type === 'action.completed');
  if (completed) {
    const { playbook, now } = recorded;
    const item = schedule(recorded.state, playbook, now).find(
      (i) => i.action === statement && i.occurrence === (completed.data as { occurrence: number }).occurrence,
    );
    const timing =
      item?.state === 'late' ? style.late(`late by ${elapsedWords(item.late_by_ms ?? 0)}`) : style.ok('on time');
    stdout.line(
      `Recorded "${oneLine(statementAction(playbook, statement).title)}" as done at ${clockTime(now, playbook.time_zone, now)}, ${timing}.`,
    );
  }
  await restoreAfter(s, recorded);
  return recorded;
}

export async function askChannels(action: Action): Promise<string[]> {
  const listed = action.channels ?? [];
  if (listed.length === 0) {
    const text = await askText('Released on which channels? (comma-separated, e.g. press-release, website)', {
      validate: (v) => (v.trim() ? true : 'Name at least one channel'),
    });
    return text
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  }
  return askCheckbox(
    `Released on which channels? (space to select, enter to confirm)`,
    listed.map((c) => ({ name: oneLine(c), value: c, checked: true })),
    { required: true },
  );
}

/** The `depends_on` steps still unrecorded that would make `cic release` refuse (guards.ts requireOrder). */
function releaseWaitsOn(recorded: Recorded, action: Action): string[] {
  const item = schedule(recorded.state, recorded.playbook, recorded.now).find(
    (i) => i.action === action.id && i.applicable && (i.state === 'waiting' || i.state === 'overdue'),
  );
  return (item?.waiting_on ?? []).filter((id) => action.depends_on?.includes(id));
}

/** "partner-liaison-call is recorded by Partner-Institution Liaison (cic done partner-liaison-call --as …)" */
function waitWords(recorded: Recorded, id: string): string {
  const owner = recorded.playbook.actions.find((a) => a.id === id)?.owner ?? '';
  const title = recorded.playbook.roles.find((r) => r.id === owner)?.title ?? owner;
  return `${oneLine(id)} is recorded by ${oneLine(title)} (cic done ${oneLine(id)} --as ${oneLine(owner)})`;
}

function progressLine(recorded: Recorded, statement: string): string {
  const action = statementAction(recorded.playbook, statement);
  const p = statementProgress(entryOf(recorded.state.statements, statement), action, recorded.playbook.roles);
  const names = (ids: string[]) => ids.map((r) => roleName(recorded.playbook, r)).join(', ');
  if (p.status === 'approved') {
    const waits = releaseWaitsOn(recorded, action);
    if (waits.length > 0)
      return `Every approver has approved v${p.current!.version}; it can be released once ${waits.map((id) => waitWords(recorded, id)).join(' and ')}: the playbook puts it after ${waits.length === 1 ? 'that' : 'them'}.`;
    return `Every approver has approved v${p.current!.version}: ready to release (cic release ${oneLine(statement)} --channel …).`;
  }
  const parts = [`${oneLine(statement)}: ${p.status}`];
  if (p.awaiting.length) parts.push(`waiting for ${names(p.awaiting)}`);
  if (p.rejected.length) parts.push(`changes requested by ${names(p.rejected)}`);
  return `${parts.join('; ')}.`;
}

/** "Approved answer-records-request: Ann Lee, City Attorney; it can now be recorded done" (or what it still needs). */
function dutyApprovalLine(recorded: Recorded, actionId: string): string {
  const { playbook, actor } = recorded;
  const action = playbook.actions.find((a) => a.id === actionId)!;
  const data = recorded.written[0]!.data as { occurrence: number };
  const standsFor = approverRoleFor(actor.role, action, playbook.roles);
  const acting = standsFor && standsFor !== actor.role ? `, acting for ${roleName(playbook, standsFor)}` : '';
  const which = action.repeat === undefined ? oneLine(actionId) : `${oneLine(actionId)}#${data.occurrence}`;
  const given = occurrenceRecord(recorded.state, action.id, data.occurrence)?.approvals ?? [];
  const shortfall = approvalShortfall(
    action,
    approvedRoles(
      given.map((a) => a.role),
      action,
      playbook.roles,
    ),
  );
  const next =
    shortfall === undefined ? `it can now be recorded done: cic done ${which}` : `it still needs ${shortfall}`;
  return `Approved ${which}: ${oneLine(actor.name)}, ${roleName(playbook, actor.role)}${acting}; ${next}`;
}

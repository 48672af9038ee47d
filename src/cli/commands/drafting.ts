/**
 * Drafting a statement: missing facts asked for on a terminal, then the statements decider
 * (src/core/statements/decide.ts) renders, checks and records the version with its whole text; a
 * file edited outside cic registered as a new version; `--edit` through $EDITOR.
 *
 * The log holds every version's words; `drafts/<statement>.v<N>.md` is a copy for people to read
 * and edit. It is written (durably, atomically) under the incident's lock before the entry is
 * appended, and removed if the append fails. A file at a new version's name that the log does not
 * know is somebody's edited copy and is never overwritten. After a registration the edited
 * version's own file is written back to its logged words, so each file shows its version.
 */
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { IncidentEvent } from '../../core/incident/events.js';
import { fold } from '../../core/incident/fold.js';
import { closedError, requireApplicable, requireOpenWhenClosed } from '../../core/incident/guards.js';
import { style, stdout } from '../../io/output/terminal.js';
import { oneLine, visible } from '../../core/text/visible.js';
import { parseFactValue } from '../../core/playbook/conditions.js';
import type { Fact, FactValue, Playbook } from '../../core/playbook/model.js';
import { askConfirm, askSelect, askText, isInteractive } from '../../io/prompts.js';
import { neededFacts, statementAction } from '../../core/statements/compose.js';
import { decide as decideStatement } from '../../core/statements/decide.js';
import { currentVersion, entryOf, type StatementVersion } from '../../core/statements/state.js';
import { guardWrite } from '../../io/fault.js';
import { incidentDir } from '../../io/workspace/incidents.js';
import { clock, loadIncident, openWorkspace, selectIncident } from './incident-access.js';
import type { RecordingOptions } from '../options.js';
import {
  draftPath,
  draftPathOf,
  fileSha256,
  readDraft,
  removeDraft,
  restoreDrafts,
  sha256Hex,
  writeDraftAtomic,
} from '../../io/workspace/draft-files.js';
import { loggedTexts, recordCommand, type Recorded } from './apply-command.js';
import { textOf, textsOf } from '../../core/statements/texts.js';

export { statementAction } from '../../core/statements/compose.js';

type Finding = StatementVersion['checks'][number];
export const display = (path: string) => relative(process.cwd(), path) || path;

/** `--fact k=v` (repeatable) as raw text per fact id. */
export function parsePairs(pairs: readonly string[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new InputError(
        `--fact "${oneLine(pair)}" is not KEY=VALUE`,
        'For example --fact incident_location="Forsyth Blvd and Hanley Rd"',
      );
    Object.defineProperty(out, pair.slice(0, eq).trim(), {
      value: pair.slice(eq + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The incident, its state and the statement's action, read without the lock (to ask questions). */
export async function statementContext(opts: RecordingOptions, statement: string) {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true });
  const { loaded, entries, dir } = await loadIncident(ws, id);
  const state = fold(entries, id);
  const action = statementAction(loaded.playbook, statement);
  return { ws, id, dir, playbook: loaded.playbook, state, texts: textsOf(entries), action };
}

/** Ask for one fact's value, typed by the fact; returns the text `parseFactValue` accepts. */
export async function askFact(fact: Fact, zone: string): Promise<string> {
  const message = oneLine(fact.prompt);
  if (fact.help) stdout.line(style.dim(`  ${oneLine(fact.help)}`));
  switch (fact.type) {
    case 'choice':
      return askSelect(
        message,
        (fact.choices ?? []).map((c) => ({ name: oneLine(c), value: c })),
      );
    case 'boolean':
      return (await askConfirm(message)) ? 'yes' : 'no';
    default: {
      const hint =
        fact.type === 'date-time'
          ? ` (local time in ${zone}, like 2026-11-26 06:00)`
          : fact.type === 'number'
            ? ' (a number)'
            : '';
      return askText(`${message}${hint}`, {
        validate: (v) => {
          try {
            parseFactValue(fact, v, zone);
            return true;
          } catch (err) {
            return err instanceof Error ? err.message : String(err);
          }
        },
      });
    }
  }
}

export interface DraftResult {
  recorded: Recorded;
  version: number;
  /** Absolute path of the draft file. */
  path: string;
  findings: Finding[];
}

/**
 * Record the given facts and a new version rendered from the template, in one append. Required
 * facts still missing are asked for on a terminal; without one the draft is refused (exit 2).
 */
export async function draftStatement(
  opts: RecordingOptions,
  statement: string,
  given: Record<string, string>,
): Promise<DraftResult> {
  const pre = await statementContext(opts, statement);
  const { playbook, action } = pre;
  requireOpenWhenClosed(action, pre.state, playbook, clock().now());
  requireApplicable(action, pre.state, playbook);
  // Validate the given facts now (unknown ids, bad values) rather than after the questions.
  const preview = { ...pre.state.facts, ...typedFacts(given, playbook) };
  const facts = { ...given };
  const need = neededFacts(action, playbook, preview);
  const closed = pre.state.status === 'closed';
  // A closed incident's facts are settled: it is drafted with the facts it has, or not at all.
  const list = (ids: string[]) => `${ids.length === 1 ? 'fact' : 'facts'} ${ids.map(oneLine).join(', ')}`;
  if (closed && need.required.length)
    throw closedError(
      pre.state,
      playbook,
      `${oneLine(statement)} needs ${list(need.required)}, which ${need.required.length === 1 ? 'has' : 'have'} no value, and its facts cannot change now`,
    );
  if (closed && Object.keys(given).length)
    throw closedError(
      pre.state,
      playbook,
      `--fact would record ${list(Object.keys(given))}, and its facts cannot change now`,
    );
  const missing = closed ? [] : [...need.required, ...need.other];
  if (missing.length) {
    const list = missing
      .map((id) => `  ${oneLine(id)}: ${oneLine(playbook.facts.find((f) => f.id === id)?.prompt ?? '')}`)
      .join('\n');
    if (!isInteractive() && need.required.length) {
      throw new InputError(
        `${oneLine(statement)} needs facts that have no value yet:\n${list}`,
        `Give them with --fact KEY=VALUE (or record them first with cic fact set KEY=VALUE), then draft again.`,
      );
    }
    if (isInteractive()) {
      stdout.line(
        `${oneLine(statement)} needs ${missing.length === 1 ? 'a fact that has' : 'facts that have'} no value yet:`,
      );
      for (const id of missing) {
        const fact = playbook.facts.find((f) => f.id === id)!;
        Object.defineProperty(facts, id, {
          value: await askFact(fact, playbook.time_zone),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return recordDraft({ ...opts, incident: pre.id }, pre.dir, statement, facts);
}

function typedFacts(raw: Record<string, string>, playbook: Playbook): Record<string, FactValue> {
  const out: Record<string, FactValue> = Object.create(null);
  for (const id of Object.keys(raw)) {
    const fact = playbook.facts.find((f) => f.id === id);
    if (!fact)
      throw new InputError(
        `unknown fact "${oneLine(id)}": this incident's playbook does not define it`,
        `Its facts: ${playbook.facts.map((f) => f.id).join(', ')}`,
      );
    Object.defineProperty(out, id, { value: parseFactValue(fact, raw[id]!, playbook.time_zone), enumerable: true });
  }
  return out;
}

/** A draft file that is not in the log is somebody's work (an edited copy): never overwritten. */
function refuseUnrecorded(path: string, statement: string): void {
  if (readDraft(path) !== undefined) {
    throw new InputError(
      `${display(path)} already exists but is not a recorded version of ${oneLine(statement)}`,
      `If it is an edited copy, register it: cic draft ${oneLine(statement)} --register. Otherwise remove it and draft again.`,
    );
  }
}

async function recordDraft(
  opts: RecordingOptions,
  dir: string,
  statement: string,
  facts: Record<string, string>,
): Promise<DraftResult> {
  let path: string | undefined;
  let recorded: Recorded;
  try {
    recorded = await recordCommand(opts, ({ state, playbook, now, actor }) => {
      const events = decideStatement({ kind: 'draft', statement, facts }, state, playbook, now, actor);
      const data = drafted(events);
      const target = draftPathOf(dir, data.file);
      refuseUnrecorded(target, statement);
      guardWrite(`the draft file ${display(target)}`, () => writeDraftAtomic(target, data.text));
      path = target;
      return events;
    });
  } catch (err) {
    if (path !== undefined) removeDraft(path);
    throw err;
  }
  // Recorded: from here on the new version's file is the log's, whatever else fails.
  return finishDraft(recorded, dir, statement, 'Drafted');
}

const drafted = (events: IncidentEvent[]) =>
  events.find((e): e is IncidentEvent<'statement.drafted'> => e.type === 'statement.drafted')!.data;

async function finishDraft(recorded: Recorded, dir: string, statement: string, verb: string): Promise<DraftResult> {
  const data = drafted(recorded.written);
  const path = draftPathOf(dir, data.file);
  const findings: Finding[] = data.checks.map((c) => ({ ...c }));
  printDraft(recorded, statement, path, findings, verb);
  await restoreDrafts(
    dir,
    recorded.state,
    (versions) => loggedTexts(recorded, versions),
    (file) => stdout.line(style.dim(`  wrote ${file} again from the log`)),
  );
  return { recorded, version: data.version, path, findings };
}

/**
 * Register the draft file as edited outside cic as a new version: the current version's file if
 * its text no longer matches its logged words, else a next-version file someone made by copying it.
 * The current version's file is then written back to its own logged words.
 */
export async function registerEdited(opts: RecordingOptions, statement: string): Promise<DraftResult> {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true });
  const dir = incidentDir(ws, id);
  let path: string | undefined;
  let ownsFile = true;
  let recorded: Recorded;
  try {
    recorded = await recordCommand({ ...opts, incident: id }, ({ state, playbook, now, actor }) => {
      const current = currentVersion(entryOf(state.statements, statement));
      const currentFile = current ? readDraft(draftPathOf(dir, current.file)) : undefined;
      const nextFile = current ? readDraft(draftPath(dir, statement, current.version + 1)) : undefined;
      const events = decideStatement(
        { kind: 'register', statement, currentFile, nextFile },
        state,
        playbook,
        now,
        actor,
      );
      const data = drafted(events);
      const target = draftPathOf(dir, data.file);
      // The person's own copy at the next version's name is kept whatever happens.
      ownsFile = nextFile === undefined || sha256Hex(nextFile) !== data.sha256;
      guardWrite(`the draft file ${display(target)}`, () => writeDraftAtomic(target, data.text));
      path = target;
      return events;
    });
  } catch (err) {
    if (path !== undefined && ownsFile) removeDraft(path);
    else if (path !== undefined)
      stdout.line(
        `Your edited text is kept in ${display(path)}; register it again with: cic draft ${oneLine(statement)} --register`,
      );
    throw err;
  }
  // The edited file held the words of the version before; it shows that version's own words again.
  const before = currentVersion(entryOf(recorded.before.statements, statement))!;
  const beforePath = draftPathOf(dir, before.file);
  if (fileSha256(beforePath) !== before.sha256)
    writeDraftAtomic(beforePath, textOf(await loggedTexts(recorded, [before]), before));
  return finishDraft(recorded, dir, statement, 'Registered the edited text as');
}

/** `--edit`: open $EDITOR on a copy of the current version's logged words; if changed, register it. */
export async function editDraft(opts: RecordingOptions, statement: string): Promise<DraftResult | undefined> {
  const pre = await statementContext(opts, statement);
  requireOpenWhenClosed(pre.action, pre.state, pre.playbook, clock().now());
  const current = currentVersion(entryOf(pre.state.statements, statement));
  if (!current)
    throw new InputError(`${oneLine(statement)} has no draft to edit`, `Draft it first: cic draft ${statement}`);
  const next = draftPath(pre.dir, statement, current.version + 1);
  refuseUnrecorded(next, statement);
  writeDraftAtomic(next, textOf(pre.texts, current));
  let changed = false;
  try {
    runEditor(next);
    changed = fileSha256(next) !== current.sha256;
  } finally {
    if (!changed) removeDraft(next);
  }
  if (!changed) {
    stdout.line(`No change made in the editor; v${current.version} stays the current draft.`);
    return undefined;
  }
  return registerEdited({ ...opts, incident: pre.id }, statement);
}

function runEditor(path: string): void {
  const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
  // Ctrl+C belongs to the editor while it runs; cic waits for it.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  try {
    const r = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'editor', path], { stdio: 'inherit' });
    if (r.error || r.status !== 0)
      throw new InputError(
        `the editor (${oneLine(editor)}) did not finish cleanly (${r.error?.message ?? `exit ${r.status}`})`,
        'Set $EDITOR to an editor that waits until you close the file (e.g. "code --wait").',
      );
  } finally {
    process.off('SIGINT', ignore);
  }
}

function printDraft(recorded: Recorded, statement: string, path: string, findings: Finding[], verb: string): void {
  const { state, playbook } = recorded;
  const action = statementAction(playbook, statement);
  const v = currentVersion(entryOf(state.statements, statement))!;
  const facts = recorded.written
    .filter((e) => e.type === 'fact.recorded')
    .map((e) => oneLine((e.data as { fact: string }).fact));
  if (facts.length) stdout.line(`Recorded ${facts.length === 1 ? 'fact' : 'facts'} ${facts.join(', ')}.`);
  stdout.line(`${verb} v${v.version} of ${oneLine(statement)}: ${display(path)}`);
  stdout.line(
    style.dim(`  sha256 ${v.sha256} · facts used: ${Object.keys(v.facts).map(oneLine).join(', ') || 'none'}`),
  );
  for (const f of findings) {
    const level = f.level === 'error' ? style.error('error') : style.warn('warning');
    stdout.line(`${display(path)}:${f.line}: ${level}: ${visible(f.message, { singleLine: true })}`);
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  const approvers = (action.approvers ?? []).map((r) => roleName(playbook, r)).join(' and ');
  if (errors) {
    stdout.line(
      `${errors} error${errors === 1 ? ' blocks' : 's block'} approval: fix the facts and draft again (cic draft ${oneLine(statement)} --fact KEY=VALUE), or edit the file and register it (cic draft ${oneLine(statement)} --register).`,
    );
  } else if (approvers) {
    stdout.line(
      `Ready for approval by ${approvers}: each runs: cic approve ${oneLine(statement)} --as ROLE (it approves v${v.version}, the current draft)`,
    );
  } else stdout.line(`No approvals needed: cic release ${oneLine(statement)} --channel …`);
}

export function roleName(playbook: Playbook, id: string): string {
  const r = playbook.roles.find((x) => x.id === id);
  return r ? `${oneLine(r.title)} (${oneLine(id)})` : oneLine(id);
}

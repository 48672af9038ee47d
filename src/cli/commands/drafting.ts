/**
 * Drafting a statement: missing facts asked for on a terminal, then the statements decider
 * (src/core/statements/decide.ts) renders, checks and records the version with its whole text; an
 * edited text registered as a new version; `--edit` through $EDITOR.
 *
 * The log holds every version's words (docs/drafts.md). The folder store also keeps
 * `drafts/<statement>.v<N>.md`, a copy for people to read and edit: written (durably, atomically)
 * under the incident's lock before the entry is appended, and removed if the append fails. A copy
 * at a new version's name that the log does not know is somebody's edited copy and is never
 * overwritten; after a registration the edited version's own copy is written back to its logged
 * words, so each copy shows its version. The PostgreSQL store keeps no copies: nothing about a
 * draft is written on this machine unless the person asks (`--export DIR`), and an edit comes from
 * the editor's private temporary file or a file the person names (`--register FILE`).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { IncidentEvent } from '../../core/incident/events.js';
import { fold } from '../../core/incident/fold.js';
import { closedError, requireApplicable, requireOpenWhenClosed } from '../../core/incident/guards.js';
import { style, stdout } from '../../io/output/terminal.js';
import { oneLine } from '../../core/text/visible.js';
import { parseFactValue } from '../../core/playbook/conditions.js';
import type { Fact, FactValue, Playbook } from '../../core/playbook/model.js';
import { askConfirm, askSelect, askText, isInteractive } from '../../io/prompts.js';
import { neededFacts, statementAction } from '../../core/statements/compose.js';
import { decide as decideStatement } from '../../core/statements/decide.js';
import { currentVersion, entryOf, type StatementVersion } from '../../core/statements/state.js';
import { guardWriteAsync } from '../../io/fault.js';
import type { LogStore } from '../../io/log/store.js';
import type { IncidentId } from '../../core/ids.js';
import { clock, loadIncident, openWorkspace, selectIncident, store } from './incident-access.js';
import type { RecordingOptions } from '../options.js';
import { draftFileName, sha256Hex, writeDraftAtomic } from '../../io/workspace/draft-files.js';
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
  return {
    ws,
    id,
    dir,
    playbook: loaded.playbook,
    state,
    texts: textsOf(entries),
    action: statementAction(loaded.playbook, statement),
  };
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
  /** Absolute path of the version's copy (the folder store); none on a store that keeps no copies. */
  path?: string;
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
  return recordDraft({ ...opts, incident: pre.id }, statement, facts);
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

/** A draft copy that is not in the log is somebody's work (an edited copy): never overwritten. */
async function refuseUnrecorded(s: LogStore, id: IncidentId, file: string, statement: string): Promise<void> {
  if ((await s.readDraft(id, file)) !== undefined) {
    throw new InputError(
      `${display(s.draftLocation(id, file))} already exists but is not a recorded version of ${oneLine(statement)}`,
      `If it is an edited copy, register it: cic draft ${oneLine(statement)} --register. Otherwise remove it and draft again.`,
    );
  }
}

/**
 * Keep the copy of a version about to be appended (folder store only), under the incident's lock,
 * after checking that no unrecorded copy is in its place. Returns the file kept, if any.
 */
async function keepCopy(
  s: LogStore,
  id: IncidentId,
  data: { file: string; text: string },
  statement: string,
  refuse = true,
): Promise<string | undefined> {
  if (!s.keepsDraftCopies) return undefined;
  if (refuse) await refuseUnrecorded(s, id, data.file, statement);
  const where = display(s.draftLocation(id, data.file));
  await guardWriteAsync(`the draft file ${where}`, () => s.writeDraft(id, data.file, data.text));
  return data.file;
}

/**
 * Every version's copy missing from drafts/ is written again from its logged words (the copies are
 * copies; the log is the record). A copy that is there is left as it is, changed or not: it may be
 * somebody's edit waiting to be registered. Nothing on a store that keeps no copies.
 */
export async function restoreCopies(
  s: LogStore,
  id: IncidentId,
  state: { statements: Record<string, { versions: readonly StatementVersion[] }> },
  readTexts: (versions: readonly StatementVersion[]) => Promise<ReadonlyMap<number, string>>,
  onWrite: (file: string) => void,
): Promise<void> {
  if (!s.keepsDraftCopies) return;
  const missing: StatementVersion[] = [];
  for (const entry of Object.values(state.statements))
    for (const v of entry.versions) if ((await s.draftSha256(id, v.file)) === undefined) missing.push(v);
  if (missing.length === 0) return;
  // The words of the missing versions only, read from the log (the state holds their digests).
  const texts = await readTexts(missing);
  for (const v of missing) {
    await guardWriteAsync(`the draft file ${display(s.draftLocation(id, v.file))}`, () =>
      s.writeDraft(id, v.file, textOf(texts, v)),
    );
    onWrite(v.file);
  }
}

async function recordDraft(
  opts: RecordingOptions,
  statement: string,
  facts: Record<string, string>,
): Promise<DraftResult> {
  const ws = await openWorkspace(opts);
  const s = store(ws);
  const id = opts.incident!;
  let kept: string | undefined;
  try {
    const recorded = await recordCommand(opts, async ({ state, playbook, now, actor }) => {
      const events = decideStatement({ kind: 'draft', statement, facts }, state, playbook, now, actor);
      kept = await keepCopy(s, id, drafted(events), statement);
      return events;
    });
    return await finishDraft(recorded, s, statement, 'Drafted');
  } catch (err) {
    if (kept !== undefined) await s.removeDraft(id, kept);
    throw err;
  }
}

const drafted = (events: IncidentEvent[]) =>
  events.find((e): e is IncidentEvent<'statement.drafted'> => e.type === 'statement.drafted')!.data;

async function finishDraft(recorded: Recorded, s: LogStore, statement: string, verb: string): Promise<DraftResult> {
  const data = drafted(recorded.written);
  const path = s.keepsDraftCopies ? s.draftLocation(recorded.id, data.file) : undefined;
  const findings: Finding[] = data.checks.map((c) => ({ ...c }));
  printDraft(recorded, statement, path, findings, verb);
  await restoreCopies(
    s,
    recorded.id,
    recorded.state,
    (versions) => loggedTexts(recorded, versions),
    (file) => stdout.line(style.dim(`  wrote ${file} again from the log`)),
  );
  return { recorded, version: data.version, ...(path === undefined ? {} : { path }), findings };
}

/** The text of a file the person names (`--register FILE`), from any folder. */
export function readEditedFile(file: string): { text: string; name: string } {
  const path = resolve(process.cwd(), file);
  const name = display(path);
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile()) throw new InputError(`${oneLine(name)} is not a file`);
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${oneLine(name)}: ${code === 'ENOENT' ? 'there is no such file' : ((err as Error).message ?? code)}`,
      'Give the path of the file holding the edited words.',
    );
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), name };
  } catch {
    throw new InputError(
      `${oneLine(name)} is not UTF-8 text`,
      'Save it as UTF-8 (most editors offer it under "Save with encoding"), then register it again.',
    );
  }
}

/**
 * Register an edited text as a new version. Named (`--register FILE`, or what the editor saved):
 * that text, from wherever it is. Otherwise, on the folder store, the draft copy edited outside
 * cic: the current version's copy if it no longer matches its logged words, else a next-version
 * copy someone made by copying it; the current version's copy is then written back to its own
 * words. A store that keeps no copies has none to look at: the file must be named.
 */
export async function registerEdited(
  opts: RecordingOptions,
  statement: string,
  given?: { text: string; name: string },
): Promise<DraftResult> {
  const ws = await openWorkspace(opts);
  const s = store(ws);
  const id = await selectIncident(ws, opts.incident, { anyState: true });
  if (!given && !s.keepsDraftCopies)
    throw new InputError(
      `this workspace keeps its drafts in the database (${oneLine(s.where)}), so there is no draft file of ${oneLine(statement)} to register`,
      `Name the file holding the edited words: cic draft ${oneLine(statement)} --register FILE (cic statements ${oneLine(statement)} --export DIR writes the versions out to edit), or edit in $EDITOR: cic draft ${oneLine(statement)} --edit`,
    );
  let kept: string | undefined;
  let ownsCopy = true;
  try {
    const recorded = await recordCommand({ ...opts, incident: id }, async ({ state, playbook, now, actor }) => {
      const current = currentVersion(entryOf(state.statements, statement));
      const copies = s.keepsDraftCopies && !given && current !== undefined;
      const currentFile = copies ? await s.readDraft(id, current.file) : undefined;
      const nextFile = copies ? await s.readDraft(id, draftFileName(statement, current.version + 1)) : undefined;
      const events = decideStatement(
        { kind: 'register', statement, currentFile, nextFile, ...(given ? { given } : {}) },
        state,
        playbook,
        now,
        actor,
      );
      const data = drafted(events);
      // The person's own copy at the next version's name is kept whatever happens.
      ownsCopy = nextFile === undefined || sha256Hex(nextFile) !== data.sha256;
      kept = await keepCopy(s, id, data, statement, !!given);
      return events;
    });
    // The edited copy held the words of the version before; it shows that version's own words again.
    const before = currentVersion(entryOf(recorded.before.statements, statement))!;
    if (s.keepsDraftCopies && !given && (await s.draftSha256(id, before.file)) !== before.sha256)
      await s.writeDraft(id, before.file, textOf(await loggedTexts(recorded, [before]), before));
    return await finishDraft(recorded, s, statement, 'Registered the edited text as');
  } catch (err) {
    if (kept !== undefined && ownsCopy) await s.removeDraft(id, kept);
    else if (kept !== undefined)
      stdout.line(
        `Your edited text is kept in ${display(s.draftLocation(id, kept))}; register it again with: cic draft ${oneLine(statement)} --register`,
      );
    throw err;
  }
}

/**
 * `--edit`: open $EDITOR on a copy of the current version's logged words; if changed, register it.
 * On the folder store the copy is the next version's file in drafts/; on a store that keeps no
 * copies it is a file in a private temporary folder, removed once registered (kept, and named, if
 * registering fails, so the edit is not lost).
 */
export async function editDraft(opts: RecordingOptions, statement: string): Promise<DraftResult | undefined> {
  const pre = await statementContext(opts, statement);
  requireOpenWhenClosed(pre.action, pre.state, pre.playbook, clock().now());
  const current = currentVersion(entryOf(pre.state.statements, statement));
  if (!current)
    throw new InputError(`${oneLine(statement)} has no draft to edit`, `Draft it first: cic draft ${statement}`);
  const s = store(pre.ws);
  const opts2 = { ...opts, incident: pre.id };
  if (!s.keepsDraftCopies) return editInTemp(opts2, statement, current, textOf(pre.texts, current));
  const next = draftFileName(statement, current.version + 1);
  await refuseUnrecorded(s, pre.id, next, statement);
  await s.writeDraft(pre.id, next, textOf(pre.texts, current));
  const path = s.draftLocation(pre.id, next);
  let changed = false;
  try {
    runEditor(path);
    changed = (await s.draftSha256(pre.id, next)) !== current.sha256;
  } finally {
    if (!changed) await s.removeDraft(pre.id, next);
  }
  if (!changed) {
    stdout.line(`No change made in the editor; v${current.version} stays the current draft.`);
    return undefined;
  }
  return registerEdited(opts2, statement);
}

async function editInTemp(
  opts: RecordingOptions,
  statement: string,
  current: StatementVersion,
  words: string,
): Promise<DraftResult | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'cic-draft-'));
  const path = join(dir, `${statement}.v${current.version + 1}.md`);
  let keep = false;
  try {
    writeDraftAtomic(path, words);
    chmodSync(path, 0o600);
    runEditor(path);
    const edited = readEditedFile(path);
    if (sha256Hex(edited.text) === current.sha256) {
      stdout.line(`No change made in the editor; v${current.version} stays the current draft.`);
      return undefined;
    }
    keep = true;
    const result = await registerEdited(opts, statement, { text: edited.text, name: 'the edited text' });
    keep = false;
    return result;
  } finally {
    if (keep)
      stdout.line(
        `Your edited text is kept in ${path}; register it with: cic draft ${oneLine(statement)} --register ${path}`,
      );
    else rmSync(dir, { recursive: true, force: true });
  }
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

/** What was drafted, where to read it, its checks and who approves it next. */
function printDraft(
  recorded: Recorded,
  statement: string,
  path: string | undefined,
  findings: Finding[],
  verb: string,
): void {
  const { state, playbook } = recorded;
  const action = statementAction(playbook, statement);
  const v = currentVersion(entryOf(state.statements, statement))!;
  const facts = recorded.written
    .filter((e) => e.type === 'fact.recorded')
    .map((e) => oneLine((e.data as { fact: string }).fact));
  if (facts.length) stdout.line(`Recorded ${facts.length === 1 ? 'fact' : 'facts'} ${facts.join(', ')}.`);
  const show = `cic statements ${oneLine(statement)} --show ${v.version}`;
  // Without a copy the version's words are read from the log; a finding's line is in those words.
  stdout.line(
    `${verb} v${v.version} of ${oneLine(statement)}: ${path !== undefined ? display(path) : `in the log (read it: ${show})`}`,
  );
  const at = path !== undefined ? display(path) : `${oneLine(statement)} v${v.version} line`;
  stdout.line(
    style.dim(`  sha256 ${v.sha256} · facts used: ${Object.keys(v.facts).map(oneLine).join(', ') || 'none'}`),
  );
  for (const f of findings) {
    const level = f.level === 'error' ? style.error('error') : style.warn('warning');
    stdout.line(`${at}${path !== undefined ? ':' : ' '}${f.line}: ${level}: ${oneLine(f.message)}`);
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  const approvers = (action.approvers ?? []).map((r) => roleName(playbook, r)).join(' and ');
  if (errors) {
    stdout.line(
      `${errors} error${errors === 1 ? ' blocks' : 's block'} approval: fix the facts and draft again (cic draft ${oneLine(statement)} --fact KEY=VALUE), or edit it and register the edit (cic draft ${oneLine(statement)} ${path !== undefined ? '--register' : '--edit, or --register FILE'}).`,
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

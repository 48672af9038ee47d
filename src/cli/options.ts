/**
 * Each command's options, typed, and the one place commander's untyped options become them.
 * `program.ts` calls a command's parser with the positional arguments and commander's options
 * (global ones merged in); the command gets only the typed object. Ids are parsed here into their
 * branded types (`src/core/ids.ts`), numbers into numbers, `KEY=VALUE` pairs into a map, and
 * nothing downstream checks them again. What needs the incident's playbook to read (a time in its
 * zone) stays text here and is read by the command.
 *
 * This module is loaded for every command, `cic --help` included: it imports nothing heavy.
 */
import { InputError } from '../core/errors.js';
import { isIncidentId, parseActionId, parseIncidentId, parseStatementId } from '../core/ids.js';
import type { ActionId, IncidentId, StatementId } from '../core/ids.js';
import { oneLine } from '../core/text/visible.js';

/** Commander's options for one command, with the global ones merged in: read only in this file. */
export type CommanderOptions = Readonly<Record<string, unknown>>;

export interface WorkspaceOptions {
  /** `-w, --workspace`: else CIC_WORKSPACE, else the nearest folder holding cic.yaml. */
  workspace?: string;
}

export interface ActorOptions {
  /** `--as`: the role acted as (else CIC_ROLE, else the workspace default). */
  as?: string;
  /** `--name`: the person's name for the log (else CIC_NAME, else the workspace default). */
  name?: string;
}

export interface JsonOptions {
  json: boolean;
}

/** What every command that records to an incident's log takes. */
export interface RecordingOptions extends WorkspaceOptions, ActorOptions {
  /** `-i, --incident` (or the positional id): else the only open incident. */
  incident?: IncidentId;
}

/** A command that reads one incident: its id, else the only one (open, or in any state). */
export interface ReadingOptions extends WorkspaceOptions {
  incident?: IncidentId;
}

export interface InitOptions {
  /** The folder: the positional argument, else `--workspace`. */
  dir?: string;
  playbook?: string;
  name?: string;
  /** `--store URL`: keep the incidents in this PostgreSQL database. */
  store?: string;
}
export interface PlaybookValidateOptions extends WorkspaceOptions, JsonOptions {
  files: string[];
}
export interface PlaybookShowOptions extends WorkspaceOptions, JsonOptions {
  file?: string;
  tier?: string;
}
export interface OpenOptions extends WorkspaceOptions, ActorOptions, JsonOptions {
  title?: string;
  occurredAt?: string;
  facts: Record<string, string>;
  tier?: string;
  reason?: string;
}
export interface ListOptions extends WorkspaceOptions, JsonOptions {}
export interface StatusOptions extends ReadingOptions, JsonOptions {
  role?: string;
  all: boolean;
  watch: boolean;
}
export interface RunOptions extends RecordingOptions {
  /** `--role` (repeatable): only these roles' items. */
  roles?: string[];
  view: boolean;
}
export interface DoneOptions extends RecordingOptions {
  /** Left out: asked at a terminal from the open items (`pickOpenItem`). */
  action?: ActionId;
  occurrence?: number;
  statedAt?: string;
  note?: string;
  /** `--source`: for a duty owned outside the city, how the city knows it was done. */
  source?: string;
}
export interface SkipOptions extends RecordingOptions {
  action: ActionId;
  reason: string;
  occurrence?: number;
}
export interface ExtendOptions extends RecordingOptions {
  action: ActionId;
  by?: string;
  to?: string;
  reason: string;
  occurrence?: number;
  /** `--requested-by`: who asked for the extension (recorded as its basis). */
  requestedBy?: string;
  /** `--written`: the request or determination is in writing. */
  written?: boolean;
}
export interface PauseOptions extends RecordingOptions {
  action: ActionId;
  reason: string;
  occurrence?: number;
  /** `--written`: the determination is in writing. */
  written?: boolean;
}
export interface ResumeOptions extends RecordingOptions {
  action: ActionId;
  reason?: string;
  occurrence?: number;
}
export interface FactSetOptions extends RecordingOptions {
  facts: Record<string, string>;
  statedAt?: string;
}
export interface EscalateOptions extends RecordingOptions {
  tier: string;
  reason: string;
}
export interface RequestAddOptions extends RecordingOptions {
  /** The kind of request: a `per_request` value in the playbook. */
  kind: string;
  receivedAt?: string;
  from: string;
  note?: string;
}
export interface NoteOptions extends RecordingOptions {
  text: string;
  statedAt?: string;
}
export interface DraftOptions extends RecordingOptions {
  statement: StatementId;
  /** `--fact KEY=VALUE` as given (the drafting flow reads them). */
  fact: string[];
  edit: boolean;
  register: boolean;
  /** `--register FILE`: the edited words are in that file (any folder). */
  registerFile?: string;
}
export interface ApproveOptions extends RecordingOptions {
  statement: StatementId;
  version?: number;
}
export interface RejectOptions extends RecordingOptions {
  statement: StatementId;
  reason: string;
  version?: number;
}
export interface ReleaseOptions extends RecordingOptions {
  statement: StatementId;
  channels: string[];
}
export interface StatementsOptions extends ReadingOptions, JsonOptions {
  /** One statement only (the positional argument when it is not an incident id). */
  statement?: StatementId;
  /** `--show N`: print version N's words as the log holds them. */
  show?: number;
  /** `--export DIR`: write each version's words as files in DIR. */
  export?: string;
}
export interface ScheduleOptions extends RecordingOptions {
  action: ActionId;
  /** Read in the playbook's zone by the command. */
  at?: string;
  place?: string;
  reason?: string;
  cancel: boolean;
}
export interface CommitmentAddOptions extends RecordingOptions {
  words: string;
  by?: string;
  owner?: string;
  saidBy?: string;
  press?: string;
}
export interface CommitmentResolveOptions extends RecordingOptions {
  commitment: number;
  note?: string;
  reason?: string;
}
export interface CommitmentListOptions extends ReadingOptions, JsonOptions {}
export interface AcknowledgeOptions extends RecordingOptions {
  packet?: number;
}
export interface PressSheetOptions extends ReadingOptions {
  action?: ActionId;
  format?: string;
  out?: string;
}
export interface BriefOptions extends RecordingOptions {
  role: string;
  to: string[];
  out?: string;
}
export interface PacketsOptions extends ReadingOptions, JsonOptions {
  /** `--out DIR`: write the kept packet files there. */
  out?: string;
}
export interface LogOptions extends ReadingOptions, JsonOptions {
  types: string[];
  role?: string;
  since?: string;
}
export interface VerifyOptions extends ReadingOptions, JsonOptions {
  anchor?: string;
  repair: boolean;
}
export interface StoreCopyOptions extends WorkspaceOptions {
  /** A postgres:// URL or a new folder. */
  to: string;
}
export interface RosterShowOptions extends WorkspaceOptions, JsonOptions {}
export interface RosterSetOptions extends WorkspaceOptions {
  /** The database login (PostgreSQL) or OS account (folder store) that recognises the person. */
  login: string;
  name: string;
  roles: string[];
  keeper: boolean;
}
export interface RosterRemoveOptions extends WorkspaceOptions {
  login: string;
}
export interface ReportOptions extends ReadingOptions {
  format?: string;
  out?: string;
  /** Replace existing files of the report's names that cic did not write. */
  force: boolean;
}
export interface CalendarOptions extends ReadingOptions {
  out?: string;
  /** Replace an existing file of that name that cic did not write. */
  force: boolean;
}
export interface CloseOptions extends RecordingOptions {
  force: boolean;
  reason?: string;
}
export interface ReopenOptions extends RecordingOptions {
  reason: string;
}
export interface DemoOptions {
  keep?: string;
}

// ---- the parsers, one per command -------------------------------------------------------------

type Parse<O> = (args: readonly string[], raw: CommanderOptions) => O;

export const initOptions: Parse<InitOptions> = (args, raw) => ({
  ...optional('dir', args[0] ?? text(raw.workspace)),
  ...optional('playbook', text(raw.playbook)),
  ...optional('name', text(raw.name)),
  ...optional('store', text(raw.store)),
});

export const playbookValidateOptions: Parse<PlaybookValidateOptions> = (args, raw) => ({
  ...workspace(raw),
  files: [...args],
  json: raw.json === true,
});

export const playbookShowOptions: Parse<PlaybookShowOptions> = (args, raw) => ({
  ...workspace(raw),
  ...optional('file', args[0]),
  ...optional('tier', text(raw.tier)),
  json: raw.json === true,
});

export const openOptions: Parse<OpenOptions> = (_args, raw) => ({
  ...workspace(raw),
  ...actor(raw),
  ...optional('title', text(raw.title)),
  ...optional('occurredAt', text(raw.occurredAt)),
  facts: factPairs(list(raw.fact), '--fact'),
  ...optional('tier', text(raw.tier)),
  ...optional('reason', text(raw.reason)),
  json: raw.json === true,
});

export const listOptions: Parse<ListOptions> = (_args, raw) => ({ ...workspace(raw), json: raw.json === true });

export const statusOptions: Parse<StatusOptions> = (args, raw) => ({
  ...reading(args[0]),
  ...workspace(raw),
  ...optional('role', text(raw.role)),
  all: raw.all === true,
  watch: raw.watch === true,
  json: raw.json === true,
});

export const runOptions: Parse<RunOptions> = (args, raw) => ({
  ...recording(args[0], raw),
  ...optional('roles', Array.isArray(raw.role) ? list(raw.role) : undefined),
  view: raw.view === true,
});

export const doneOptions: Parse<DoneOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  ...optional('action', args[0] === undefined ? undefined : parseActionId(args[0])),
  ...optional('occurrence', itemNumber(raw)),
  ...optional('statedAt', text(raw.statedAt)),
  ...optional('note', text(raw.note)),
  ...optional('source', text(raw.source)),
});

export const skipOptions: Parse<SkipOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  action: parseActionId(args[0]),
  reason: text(raw.reason) ?? '',
  ...optional('occurrence', itemNumber(raw)),
});

export const extendOptions: Parse<ExtendOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  action: parseActionId(args[0]),
  ...optional('by', text(raw.by)),
  ...optional('to', text(raw.to)),
  reason: text(raw.reason) ?? '',
  ...optional('occurrence', itemNumber(raw)),
  ...optional('requestedBy', text(raw.requestedBy)),
  ...(raw.written === true ? { written: true } : {}),
});

export const pauseOptions: Parse<PauseOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  action: parseActionId(args[0]),
  reason: text(raw.reason) ?? '',
  ...optional('occurrence', occurrenceOption(raw.occurrence)),
  ...(raw.written === true ? { written: true } : {}),
});

export const resumeOptions: Parse<ResumeOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  action: parseActionId(args[0]),
  ...optional('reason', text(raw.reason)),
  ...optional('occurrence', occurrenceOption(raw.occurrence)),
});

export const factSetOptions: Parse<FactSetOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  facts: factPairs(args),
  ...optional('statedAt', text(raw.statedAt)),
});

export const escalateOptions: Parse<EscalateOptions> = (_args, raw) => ({
  ...recording(undefined, raw),
  tier: text(raw.tier) ?? '',
  reason: text(raw.reason) ?? '',
});

export const requestAddOptions: Parse<RequestAddOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  kind: parseActionId(args[0]),
  ...optional('receivedAt', text(raw.receivedAt)),
  from: text(raw.from) ?? '',
  ...optional('note', text(raw.note)),
});

export const noteOptions: Parse<NoteOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  text: args[0] ?? '',
  ...optional('statedAt', text(raw.statedAt)),
});

export const draftOptions: Parse<DraftOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  statement: parseStatementId(args[0]),
  fact: list(raw.fact),
  edit: raw.edit === true,
  register: raw.register === true || typeof raw.register === 'string',
  ...optional('registerFile', typeof raw.register === 'string' ? raw.register : undefined),
});

export const approveOptions: Parse<ApproveOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  statement: parseStatementId(args[0]),
  ...optional('version', versionOption(raw.version)),
});

export const rejectOptions: Parse<RejectOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  statement: parseStatementId(args[0]),
  reason: text(raw.reason) ?? '',
  ...optional('version', versionOption(raw.version)),
});

export const releaseOptions: Parse<ReleaseOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  statement: parseStatementId(args[0]),
  channels: list(raw.channel),
});

// `cic statements 2026-0003` (an incident, as before statements could be named) or
// `cic statements holding-statement` (one statement, of the -i incident or the only open one).
export const statementsOptions: Parse<StatementsOptions> = (args, raw) => {
  const named = args[0] !== undefined && !isIncidentId(args[0]) ? parseStatementId(args[0]) : undefined;
  return {
    ...reading(named === undefined ? (args[0] ?? text(raw.incident)) : text(raw.incident)),
    ...workspace(raw),
    ...optional('statement', named),
    ...optional('show', versionOption(raw.show, '--show')),
    ...optional('export', text(raw.export)),
    json: raw.json === true,
  };
};

export const scheduleOptions: Parse<ScheduleOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  action: parseActionId(args[0]),
  ...optional('at', text(raw.at)),
  ...optional('place', text(raw.place)),
  ...optional('reason', text(raw.reason)),
  cancel: raw.cancel === true,
});

export const commitmentAddOptions: Parse<CommitmentAddOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  words: args.join(' '),
  ...optional('by', text(raw.by)),
  ...optional('owner', text(raw.owner)),
  ...optional('saidBy', text(raw.saidBy)),
  ...optional('press', text(raw.press)),
});

export const commitmentResolveOptions: Parse<CommitmentResolveOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  commitment: numberOption(args[0], 'commitment', '`cic commitment list` shows them: 1, 2, …')!,
  ...optional('note', text(raw.note)),
  ...optional('reason', text(raw.reason)),
});

export const commitmentListOptions: Parse<CommitmentListOptions> = (_args, raw) => ({
  ...reading(text(raw.incident)),
  ...workspace(raw),
  json: raw.json === true,
});

export const acknowledgeOptions: Parse<AcknowledgeOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  ...optional('packet', numberOption(args[0], 'packet', '`cic status --role ROLE` lists the packets: 1, 2, …')),
});

export const pressSheetOptions: Parse<PressSheetOptions> = (args, raw) => ({
  ...reading(text(raw.incident)),
  ...workspace(raw),
  ...optional('action', args[0] === undefined ? undefined : parseActionId(args[0])),
  ...optional('format', text(raw.format)),
  ...optional('out', text(raw.out)),
});

export const briefOptions: Parse<BriefOptions> = (args, raw) => ({
  ...recording(undefined, raw),
  role: args[0] ?? '',
  to: list(raw.to),
  ...optional('out', text(raw.out)),
});

export const packetsOptions: Parse<PacketsOptions> = (args, raw) => ({
  ...reading(args[0]),
  ...workspace(raw),
  ...optional('out', text(raw.out)),
  json: raw.json === true,
});

/** A number from 1 (commitments, packets), or undefined when not given. */
function numberOption(value: string | undefined, what: string, hint: string): number | undefined {
  if (value === undefined) return undefined;
  const s = value.trim();
  if (!/^\d{1,6}$/.test(s) || Number(s) < 1) throw new InputError(`"${oneLine(s)}" is not a ${what} number.`, hint);
  return Number(s);
}

export const logOptions: Parse<LogOptions> = (args, raw) => ({
  ...reading(args[0]),
  ...workspace(raw),
  types: list(raw.type),
  ...optional('role', text(raw.role)),
  ...optional('since', text(raw.since)),
  json: raw.json === true,
});

export const verifyOptions: Parse<VerifyOptions> = (args, raw) => ({
  ...reading(args[0]),
  ...workspace(raw),
  ...optional('anchor', text(raw.anchor)),
  repair: raw.repair === true,
  json: raw.json === true,
});

export const storeMigrateOptions: Parse<WorkspaceOptions> = (_args, raw) => workspace(raw);

export const storeCopyOptions: Parse<StoreCopyOptions> = (_args, raw) => ({
  ...workspace(raw),
  to: text(raw.to) ?? '',
});

export const rosterShowOptions: Parse<RosterShowOptions> = (_args, raw) => ({
  ...workspace(raw),
  json: raw.json === true,
});

export const rosterSetOptions: Parse<RosterSetOptions> = (args, raw) => ({
  ...workspace(raw),
  login: args[0] ?? '',
  name: (text(raw.name) ?? '').trim(),
  roles: (text(raw.roles) ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean),
  keeper: raw.keeper === true,
});

export const rosterRemoveOptions: Parse<RosterRemoveOptions> = (args, raw) => ({
  ...workspace(raw),
  login: args[0] ?? '',
});

export const reportOptions: Parse<ReportOptions> = (args, raw) => ({
  ...reading(args[0]),
  ...workspace(raw),
  ...optional('format', text(raw.format)),
  ...optional('out', text(raw.out)),
  force: raw.force === true,
});

export const calendarOptions: Parse<CalendarOptions> = (args, raw) => ({
  ...reading(args[0]),
  ...workspace(raw),
  ...optional('out', text(raw.out)),
  force: raw.force === true,
});

export const closeOptions: Parse<CloseOptions> = (args, raw) => ({
  ...recording(args[0], raw),
  force: raw.force === true,
  ...optional('reason', text(raw.reason)),
});

export const reopenOptions: Parse<ReopenOptions> = (args, raw) => ({
  ...recording(args[0], raw),
  reason: text(raw.reason) ?? '',
});

export const demoOptions: Parse<DemoOptions> = (_args, raw) => ({ ...optional('keep', text(raw.keep)) });

// ---- values -----------------------------------------------------------------------------------

/**
 * `--occurrence N`, or `--request N` for an action owed per request: the item's number is the
 * request's (`cic status` shows both as #N).
 */
function itemNumber(raw: CommanderOptions): number | undefined {
  if (raw.occurrence !== undefined && raw.request !== undefined)
    throw new InputError('Give --occurrence or --request, not both.', "A request's number is its occurrence.");
  if (raw.request === undefined) return occurrenceOption(raw.occurrence);
  const s = String(raw.request).trim();
  if (!/^[1-9]\d{0,5}$/.test(s))
    throw new InputError(
      `--request "${oneLine(s)}" is not a request number.`,
      'Requests are numbered 1, 2, … in their kind (`cic status` shows them as #N).',
    );
  return Number(s);
}

/** `--occurrence N`: a whole number from 0 (occurrences are numbered from 0, as in the log). */
export function occurrenceOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value).trim();
  if (!/^\d{1,6}$/.test(s))
    throw new InputError(
      `--occurrence "${oneLine(s)}" is not an occurrence number.`,
      'Occurrences are numbered 0, 1, 2, … (`cic status` shows them as #N).',
    );
  return Number(s);
}

/** `--version N` (or `--show N`): a statement version, from 1. */
export function versionOption(value: unknown, flag = '--version'): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(
      `${flag} "${oneLine(String(value))}" is not a version number`,
      'Versions are 1, 2, 3, … (cic statements lists them)',
    );
  return n;
}

/** `KEY=VALUE` pairs as a map safe for any key; a key given twice is refused. */
export function factPairs(pairs: readonly string[], flag = 'KEY=VALUE'): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (eq <= 0 || key === '') {
      throw new InputError(
        `"${oneLine(pair)}" is not a fact as KEY=VALUE.`,
        `Write it like ${flag === 'KEY=VALUE' ? '' : `${flag} `}injury_level=minor.`,
      );
    }
    if (Object.hasOwn(out, key)) throw new InputError(`Fact ${oneLine(key)} is given twice.`, 'Give each fact once.');
    out[key] = pair.slice(eq + 1);
  }
  return out;
}

/**
 * The incident named by a positional id and/or `--incident`. Giving two different ids, one each
 * way, is refused rather than guessed.
 */
export function incidentOption(arg: string | undefined, flag: string | undefined): IncidentId | undefined {
  if (arg !== undefined && flag !== undefined && flag !== arg)
    throw new InputError(
      `Two different incidents given: ${oneLine(arg)} and --incident ${oneLine(flag)}.`,
      'Give one.',
    );
  const id = arg ?? flag;
  return id === undefined ? undefined : parseIncidentId(id);
}

// ---- helpers ----------------------------------------------------------------------------------

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const workspace = (raw: CommanderOptions): WorkspaceOptions => optional('workspace', text(raw.workspace));

const actor = (raw: CommanderOptions): ActorOptions => ({
  ...optional('as', text(raw.as)),
  ...optional('name', text(raw.name)),
});

function reading(id: string | undefined): { incident?: IncidentId } {
  return optional('incident', id === undefined ? undefined : parseIncidentId(id));
}

function recording(arg: string | undefined, raw: CommanderOptions): RecordingOptions {
  return {
    ...workspace(raw),
    ...actor(raw),
    ...optional('incident', incidentOption(arg, text(raw.incident))),
  };
}

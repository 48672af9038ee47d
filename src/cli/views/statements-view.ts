/**
 * `cic statements`: each statement that applies to the incident (or has anything recorded) with
 * its versions, approvals, rejections, releases and where it stands; then what was said and what
 * changed since (a fact released with one value and later with another).
 *
 * A version whose file no longer holds its logged words is pointed out: that text was changed
 * outside cic and is not what was checked or approved (the log keeps the words). Pure: file hashes come in through
 * a callback; everything quoted from the playbook or the log is escaped.
 */
import { actionApplies } from '../../core/playbook/conditions.js';
import { promiseOwes } from '../../core/incident/promises.js';
import type { Action, FactValue, Playbook } from '../../core/playbook/model.js';
import type { IncidentState } from '../../core/incident/state.js';
import { oneLine } from '../../core/text/visible.js';
import { statementProgress, type StatementStatus } from '../../core/statements/approvals.js';
import { factChanges, type FactChange } from '../../core/statements/fact-changes.js';
import { entryOf } from '../../core/statements/state.js';
import { toZonedIso } from '../../core/time/format.js';
import { clockTime } from './labels.js';

export interface StatementsInput {
  state: IncidentState;
  playbook: Playbook;
  now: Date;
  /** SHA-256 of a draft file (path relative to the incident folder) as it is now; undefined if missing. */
  fileSha256: (file: string) => string | undefined;
  /** The incident folder as the person would type it, for file paths in the text. */
  displayDir?: string;
  simulated?: boolean;
  /** Show only this statement. */
  only?: string;
}

export type FileState = 'ok' | 'changed' | 'missing';

export interface StatementJson {
  statement: string;
  title: string;
  owner: string;
  approvers: string[];
  channels: string[];
  status: StatementStatus;
  applicable: boolean;
  versions: {
    version: number;
    file: string;
    sha256: string;
    file_state: FileState;
    drafted_at: string;
    drafted_by: { role: string; name: string };
    source: 'template' | 'edited';
    errors: number;
    warnings: number;
    facts: Record<string, FactValue>;
  }[];
  approvals: {
    version: number;
    role: string;
    name: string;
    at: string;
    sha256: string;
    warnings: string[];
    current: boolean;
  }[];
  rejections: { version: number; role: string; name: string; at: string; reason: string }[];
  releases: { version: number; channels: string[]; at: string; by: { role: string; name: string }; sha256: string }[];
  awaiting: string[];
}

export interface StatementsJson {
  incident: string;
  now: string;
  statements: StatementJson[];
  fact_changes: FactChange[];
}

/** Statement actions that apply to the incident, plus any with recorded events. */
export function statementActions(
  state: IncidentState,
  playbook: Playbook,
  only?: string,
): { action: Action; applicable: boolean }[] {
  return playbook.actions
    .filter((a) => (a.template !== undefined || a.kind === 'statement') && (only === undefined || a.id === only))
    .map((action) => ({
      action,
      applicable:
        (state.tier !== undefined && actionApplies(action, { facts: state.facts, tier: state.tier })) ||
        promiseOwes(action.id, state, playbook),
    }))
    .filter(({ action, applicable }) => applicable || entryOf(state.statements, action.id) !== undefined);
}

export function statementsJson(input: StatementsInput): StatementsJson {
  const { state, playbook, now } = input;
  const zone = playbook.time_zone;
  const iso = (t: string) => toZonedIso(new Date(t), zone);
  const who = (a: { role: string; name: string }) => ({ role: a.role, name: a.name });
  return {
    incident: state.id,
    now: toZonedIso(now, zone),
    statements: statementActions(state, playbook, input.only).map(({ action, applicable }) => {
      const entry = entryOf(state.statements, action.id);
      const progress = statementProgress(entry, action, playbook.roles);
      const current = progress.current?.version;
      return {
        statement: action.id,
        title: action.title,
        owner: action.owner,
        approvers: action.approvers ?? [],
        channels: action.channels ?? [],
        status: progress.status,
        applicable,
        versions: (entry?.versions ?? []).map((v) => {
          const sha = input.fileSha256(v.file);
          return {
            version: v.version,
            file: v.file,
            sha256: v.sha256,
            file_state: sha === undefined ? 'missing' : sha === v.sha256 ? 'ok' : 'changed',
            drafted_at: iso(v.drafted_at),
            drafted_by: who(v.drafted_by),
            source: v.source,
            errors: v.checks.filter((c) => c.level === 'error').length,
            warnings: v.checks.filter((c) => c.level === 'warning').length,
            facts: v.facts,
          };
        }),
        approvals: (entry?.approvals ?? []).map((a) => ({
          version: a.version,
          role: a.role,
          name: a.by.name,
          at: iso(a.at),
          sha256: a.sha256,
          warnings: a.warnings,
          current: a.version === current,
        })),
        rejections: (entry?.rejections ?? []).map((r) => ({
          version: r.version,
          role: r.role,
          name: r.by.name,
          at: iso(r.at),
          reason: r.reason,
        })),
        releases: (entry?.releases ?? []).map((r) => ({
          version: r.version,
          channels: r.channels,
          at: iso(r.at),
          by: who(r.by),
          sha256: r.sha256,
        })),
        awaiting: progress.released ? [] : progress.awaiting,
      };
    }),
    fact_changes: factChanges(state.statements),
  };
}

/**
 * A version's file that is not its logged words. Registering is offered only for the current
 * version of a statement not yet released in it: anything else has its words in the log already.
 */
function fileNote(
  statement: string,
  v: { version: number; file: string; sha256: string },
  sha: string | undefined,
  progress: { current?: { version: number }; released: boolean },
  dir: string,
): string {
  const show = `cic statements ${oneLine(statement)} --show ${v.version}`;
  if (sha === undefined) return ` · file missing (${dir}${oneLine(v.file)}); its words are in the log: ${show}`;
  if (sha === v.sha256) return '';
  const current = progress.current?.version === v.version && !progress.released;
  return current
    ? ` · FILE CHANGED since drafted: not v${v.version}'s words (register it as a new version: cic draft ${oneLine(statement)} --register)`
    : ` · FILE CHANGED since drafted: not v${v.version}'s words, which are in the log (${show}); remove the file to have it written again`;
}

const quote = (v: FactValue) => `'${oneLine(typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v))}'`;

/**
 * "vehicles_involved: said 'four patrol cars' in holding-statement v1 (02:20 CST), now 'six' in public-update v2
 * (06:10 CST)".
 */
export function factChangeLine(c: FactChange, zone: string, now: Date): string {
  const at = (t: string) => clockTime(new Date(t), zone, now);
  return `${oneLine(c.fact)}: said ${quote(c.before)} in ${oneLine(c.from.statement)} v${c.from.version} (${at(c.from.at)}), now ${quote(c.after)} in ${oneLine(c.to.statement)} v${c.to.version} (${at(c.to.at)})`;
}

export function statementsText(input: StatementsInput, width = 100): string[] {
  const { state, playbook, now } = input;
  const zone = playbook.time_zone;
  const at = (t: string) => clockTime(new Date(t), zone, now);
  const role = (id: string) => {
    const r = playbook.roles.find((x) => x.id === id);
    return r ? oneLine(r.title) : oneLine(id);
  };
  const dir = input.displayDir ? `${input.displayDir}/` : '';
  const out: string[] = [
    `Statements of incident ${oneLine(state.id)}: ${oneLine(state.title)}${input.simulated ? ' (simulated clock)' : ''}`,
    '',
  ];
  const list = statementActions(state, playbook, input.only);
  if (list.length === 0) out.push('No statement applies to this incident.', '');
  for (const { action, applicable } of list) {
    const entry = entryOf(state.statements, action.id);
    const progress = statementProgress(entry, action, playbook.roles);
    out.push(
      `${oneLine(action.title)}  [${oneLine(action.id)}]  · ${progress.status}${applicable ? '' : ' · no longer applies to this incident'}`,
    );
    const approvers = (action.approvers ?? []).map(role).join(', ') || 'none';
    out.push(
      `  owner ${role(action.owner)} · approvers ${approvers}${action.channels?.length ? ` · channels ${action.channels.map(oneLine).join(', ')}` : ''}`,
    );
    for (const v of entry?.versions ?? []) {
      const sha = input.fileSha256(v.file);
      const errors = v.checks.filter((c) => c.level === 'error').length;
      const warnings = v.checks.filter((c) => c.level === 'warning').length;
      const findings =
        errors + warnings === 0
          ? 'checks clean'
          : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
      const file = fileNote(action.id, v, sha, progress, dir);
      out.push(
        `  v${v.version}  ${v.sha256.slice(0, 12)}  drafted ${at(v.drafted_at)} by ${oneLine(v.drafted_by.name)} (${role(v.drafted_by.role)}) · ${v.source} · ${findings}${file}`,
      );
    }
    const current = progress.current?.version;
    for (const a of entry?.approvals ?? []) {
      const stale = a.version === current ? '' : ' (an earlier version: void)';
      const warned = a.warnings.length
        ? ` · accepted ${a.warnings.length} warning${a.warnings.length === 1 ? '' : 's'}`
        : '';
      out.push(`  approved  v${a.version} by ${oneLine(a.by.name)} (${role(a.role)}) ${at(a.at)}${warned}${stale}`);
    }
    for (const r of entry?.rejections ?? [])
      out.push(
        `  rejected  v${r.version} by ${oneLine(r.by.name)} (${role(r.role)}) ${at(r.at)}: ${oneLine(r.reason)}`,
      );
    for (const r of entry?.releases ?? [])
      out.push(
        `  released  v${r.version} ${at(r.at)} by ${oneLine(r.by.name)} (${role(r.by.role)}) on ${r.channels.map(oneLine).join(', ')}`,
      );
    if (!progress.released && progress.current && progress.errors.length === 0 && progress.awaiting.length)
      out.push(`  waiting for ${progress.awaiting.map(role).join(', ')}`);
    if (!progress.current) out.push(`  not drafted yet: cic draft ${oneLine(action.id)}`);
    out.push('');
  }
  const changes = factChanges(state.statements);
  out.push('What was said, and what changed');
  if (changes.length === 0)
    out.push(
      state.statements && Object.values(state.statements).some((e) => e.releases.length)
        ? '  No fact has been released with two different values.'
        : '  Nothing has been released yet.',
    );
  for (const c of changes) out.push(`  ${factChangeLine(c, zone, now)}`);
  return out.map((l) => (l.length > width * 3 ? `${l.slice(0, width * 3 - 1)}…` : l));
}

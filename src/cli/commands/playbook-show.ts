/**
 * `cic playbook show [FILE] [--tier T] [--json]`: the plan, readable. The tiers with their
 * definitions and, for each tier, its actions in the order they fall due, with owner, approvers,
 * who is notified, the deadline in words and where it comes from.
 *
 * Without FILE: the workspace's playbook when there is a workspace, else the bundled Clayton plan.
 */
import { InputError } from '../../core/errors.js';
import { style, stdout } from '../../io/output/terminal.js';
import { oneLine, visible } from '../../core/text/visible.js';
import {
  actionsInTimeOrder,
  conditionWords,
  deadlineRuleWords,
  deadlineWords,
  extensionWords,
  pauseWords,
  promiseRuleWords,
  releaseWords,
  repeatWords,
  type TimedAction,
} from '../../core/playbook/describe.js';
import { loadPlaybook } from '../../io/playbook/load.js';
import { promiseUpdates, type Action, type Playbook, type Tier, type TimeRule } from '../../core/playbook/model.js';
import { discoverWorkspace, findWorkspaceRoot } from '../../io/workspace/discover.js';
import { bundledPlaybook } from '../../io/schemas/package-root.js';

import type { PlaybookShowOptions, WorkspaceOptions } from '../options.js';

export const BUNDLED_PLAYBOOK = bundledPlaybook();

export async function playbookShow(opts: PlaybookShowOptions): Promise<unknown> {
  const file = opts.file ?? (await workspacePlaybook(opts)) ?? BUNDLED_PLAYBOOK;
  const loaded = await loadPlaybook(file);
  const playbook = loaded.playbook;
  const tiers = selectTiers(playbook, opts.tier);
  const view = buildView(playbook, tiers, loaded.file, loaded.sha256);
  if (opts.json) stdout.json(view);
  else printView(playbook, tiers, opts.tier === undefined);
  return view;
}

function selectTiers(playbook: Playbook, wanted: string | undefined): Tier[] {
  const all = playbook.classification.tiers;
  if (wanted === undefined) return all;
  const tier = all.find((t) => t.id === wanted);
  if (!tier) {
    const ids = all.map((t) => oneLine(t.id)).join(', ');
    throw new InputError(
      `Unknown tier "${oneLine(wanted)}". This playbook's tiers are: ${ids}.`,
      'Run "cic playbook show" without --tier to see every tier.',
    );
  }
  return [tier];
}

/**
 * The workspace's playbook when there is a workspace (--workspace, CIC_WORKSPACE, or cic.yaml in
 * this folder or one above). Outside any workspace, undefined: the bundled plan is shown instead.
 * A workspace named explicitly but missing is still an error.
 */
async function workspacePlaybook(opts: WorkspaceOptions): Promise<string | undefined> {
  const explicit = opts.workspace;
  if (explicit === undefined && !process.env['CIC_WORKSPACE']) {
    try {
      findWorkspaceRoot(undefined, process.cwd(), process.env);
    } catch {
      return undefined;
    }
  }
  return (await discoverWorkspace(explicit)).playbookFile;
}

// ---- the JSON view: ids and rule values as written, plus the words ---------------------------

function ruleJson(rule: TimeRule, actions: readonly Action[]) {
  // The rule as written (after or before, amount, by_tier, earliest_of/latest_of), plus its words.
  return { words: deadlineRuleWords(rule, actions), ...rule };
}

function actionJson({ action, condition }: TimedAction, actions: readonly Action[]) {
  return {
    id: action.id,
    title: action.title,
    kind: action.kind,
    required: action.required ?? true,
    condition: condition ? conditionWords(condition) : null,
    owner: action.owner,
    approvers: action.approvers ?? [],
    notify: action.notify ?? [],
    depends_on: action.depends_on ?? [],
    deadline: { ...ruleJson(action.due, actions), words: deadlineWords(action, actions) },
    extendable: action.extendable ? { ...action.extendable, words: extensionWords(action.extendable, actions) } : null,
    ...(action.pausable ? { pausable: { ...action.pausable, words: pauseWords(action.pausable, actions) } } : {}),
    target: action.target ? { ...action.target, words: deadlineRuleWords(action.target, actions) } : null,
    repeat: action.repeat ? { ...action.repeat, words: repeatWords(action.repeat) } : null,
    per_request: action.per_request ?? null,
    template: action.template ?? null,
    guidance: action.guidance ?? null,
    channels: action.channels ?? [],
    references: action.references ?? [],
  };
}

function buildView(playbook: Playbook, tiers: Tier[], file: string, sha256: string) {
  const { actions } = playbook;
  return {
    file,
    sha256,
    playbook: {
      id: playbook.id,
      version: playbook.version,
      title: playbook.title,
      jurisdiction: playbook.jurisdiction,
      description: playbook.description ?? null,
      time_zone: playbook.time_zone,
      calendar: playbook.calendar,
    },
    roles: playbook.roles.map((r) => ({ id: r.id, title: r.title, acts_for: r.acts_for ?? [] })),
    sensitive_facts: playbook.facts
      .filter((f) => f.sensitive)
      .map((f) => ({ id: f.id, words: releaseWords(f, actions), not_before: f.sensitive!.not_before })),
    promised_facts: playbook.facts
      .filter((f) => f.promise !== undefined && f.promise !== false)
      .map((f) => ({ id: f.id, updates: promiseUpdates(f) ?? null, words: promiseRuleWords(f, actions) })),
    tiers: tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      definition: tier.definition,
      when: tier.when ? conditionWords(tier.when) : null,
      actions: actionsInTimeOrder(actions, tier.id).map((t) => actionJson(t, actions)),
    })),
  };
}

// ---- the readable view -----------------------------------------------------------------------

/** Word-wrap to the terminal (at most 100 columns), every line after the first indented. */
function wrap(text: string, indent: string, first = indent): string[] {
  const width = Math.max(40, Math.min(process.stdout.columns ?? 100, 100));
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines;
}

function printView(playbook: Playbook, tiers: Tier[], everything: boolean): void {
  const out = (text = '') => stdout.line(text);
  const roleTitle = (id: string) => oneLine(playbook.roles.find((r) => r.id === id)?.title ?? id);
  const titles = (ids: readonly string[] | undefined) => (ids ?? []).map(roleTitle).join(', ');

  out(style.bold(oneLine(playbook.title)));
  out(
    `${oneLine(playbook.jurisdiction)} · ${style.dim(`${oneLine(playbook.id)} version ${oneLine(playbook.version)}`)} · time zone ${oneLine(playbook.time_zone)}`,
  );
  out(calendarLine(playbook));
  if (everything && playbook.description) for (const l of wrap(visible(playbook.description), '')) out(style.dim(l));

  if (everything) {
    out();
    out(style.heading('Roles'));
    const width = Math.max(...playbook.roles.map((r) => oneLine(r.title).length));
    for (const role of playbook.roles) {
      const acts = role.acts_for?.length ? ` — acts for ${titles(role.acts_for)}` : '';
      out(`  ${oneLine(role.title).padEnd(width)}  ${style.dim(oneLine(role.id))}${acts}`);
    }
    const promised = playbook.facts.filter((f) => f.promise !== undefined && f.promise !== false);
    if (promised.length) {
      out();
      out(style.heading('Promised in public'));
      for (const fact of promised) {
        const words = oneLine(`${fact.id}: ${promiseRuleWords(fact, playbook.actions)}`);
        for (const l of wrap(words, '      ', '  ')) out(l);
      }
    }
    const sensitive = playbook.facts.filter((f) => f.sensitive);
    if (sensitive.length) {
      out();
      out(style.heading('Sensitive facts'));
      for (const fact of sensitive) {
        for (const l of wrap(
          `${oneLine(fact.id)}: ${oneLine(releaseWords(fact, playbook.actions) ?? '')}`,
          '      ',
          '  ',
        ))
          out(l);
      }
    }
  }

  for (const tier of tiers) {
    out();
    out(`${style.heading(oneLine(tier.name))} ${style.dim(`(${oneLine(tier.id)})`)}`);
    for (const l of wrap(visible(tier.definition), '  ')) out(l);
    if (tier.when)
      for (const l of wrap(`Classified when ${oneLine(conditionWords(tier.when))}.`, '    ', '  ')) out(style.dim(l));
    else out(style.dim('  Set only by hand (--tier or escalation).'));
    out();
    const timed = actionsInTimeOrder(playbook.actions, tier.id);
    if (timed.length === 0) out('  (no actions apply to this tier)');
    timed.forEach(({ action, condition }, i) => {
      const n = `${i + 1}.`.padStart(4);
      const advisory = action.required === false ? ' (advisory)' : '';
      out(
        `${n} ${style.bold(oneLine(action.title))}  ${style.dim(`${oneLine(action.kind)} · ${oneLine(action.id)}${advisory}`)}`,
      );
      const pad = '       ';
      for (const l of wrap(`due ${oneLine(deadlineWords(action, playbook.actions))}`, pad + '  ', pad)) out(l);
      if (action.per_request !== undefined)
        for (const l of wrap(
          `owed for each ${oneLine(action.per_request)} received (cic request add ${oneLine(action.per_request)})`,
          pad + '  ',
          pad,
        ))
          out(l);
      if (condition) for (const l of wrap(`only if ${oneLine(conditionWords(condition))}`, pad + '  ', pad)) out(l);
      const who = [`owner: ${roleTitle(action.owner)}`];
      if (action.approvers?.length) who.push(`approves: ${titles(action.approvers)}`);
      if (action.notify?.length) who.push(`notify: ${titles(action.notify)}`);
      for (const l of wrap(who.join(' · '), pad + '  ', pad)) out(l);
      if (action.depends_on?.length) {
        const names = action.depends_on.map(
          (id) => `“${oneLine(playbook.actions.find((a) => a.id === id)?.title ?? id)}”`,
        );
        for (const l of wrap(`after ${names.join(', ')}`, pad + '  ', pad)) out(l);
      }
      // The guidance is where authors put the legal text: show it with the deadline it explains.
      if (action.guidance) for (const l of wrap(visible(action.guidance), pad + '  ', pad)) out(l);
      for (const ref of action.references ?? []) {
        for (const l of wrap(`source: ${oneLine(ref.citation)}`, pad + '  ', pad)) out(style.dim(l));
      }
    });
  }
}

function calendarLine(playbook: Playbook): string {
  // The schema lets both lists be left out (mon–fri, no holidays), as the deadline code does.
  const days = dayRanges(playbook.calendar?.working_days ?? ['mon', 'tue', 'wed', 'thu', 'fri']);
  const all = playbook.calendar?.holidays ?? [];
  const dates = all.flatMap((h) => (h.date === undefined ? [] : [h.date])).sort();
  const rules = all.length - dates.length;
  const parts: string[] = [];
  if (dates.length)
    parts.push(
      `${dates.length} holiday${dates.length === 1 ? '' : 's'} from ${oneLine(dates[0]!)} to ${oneLine(dates[dates.length - 1]!)}`,
    );
  if (rules) parts.push(`${rules} holiday${rules === 1 ? '' : 's'} by rule every year`);
  const holidays = parts.length ? `, except ${parts.join(' and ')}` : ', no holidays listed';
  return `Business days: ${days}${holidays}`;
}

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "mon–fri", "mon–thu, sat": runs of consecutive days in week order. */
function dayRanges(days: readonly string[]): string {
  const set = new Set(days);
  const runs: string[] = [];
  for (let i = 0; i < WEEK.length; i++) {
    if (!set.has(WEEK[i]!)) continue;
    let j = i;
    while (j + 1 < WEEK.length && set.has(WEEK[j + 1]!)) j++;
    runs.push(j - i >= 2 ? `${WEEK[i]}–${WEEK[j]}` : WEEK.slice(i, j + 1).join(', '));
    i = j;
  }
  return runs.join(', ') || 'none';
}

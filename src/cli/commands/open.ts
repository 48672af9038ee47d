/**
 * `cic open`: title, when it occurred, facts, and the tier — by `--tier` (with `--reason`) or by
 * the playbook's classification questions, answered with `--fact` or, on a terminal, asked one at
 * a time until the tier is settled. Prints the id, the tier and why, and what is due first.
 *
 * Everything is checked (facts typed, tier found, times valid, the role known) before the
 * incident folder is made, so a refused or cancelled opening leaves nothing behind.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledError, InputError } from '../../core/errors.js';
import { decide } from '../../core/incident/decide.js';
import type { OpenCommand } from '../../core/incident/commands.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { fold, initialState } from '../../core/incident/fold.js';
import { schedule } from '../../core/incident/schedule.js';
import { stdout, style, printWarning } from '../../io/output/terminal.js';
import { oneLine } from '../../core/text/visible.js';
import { evaluate, missingQuestions, parseFactValue } from '../../core/playbook/conditions.js';
import type { Condition, Fact, FactValue, Playbook } from '../../core/playbook/model.js';
import { askSelect, askText, isInteractive } from '../../io/prompts.js';
import { formatInZone, parseUserTime, toZonedIso } from '../../core/time/format.js';
import { loadPlaybookFile } from '../../io/workspace/incidents.js';
import { guardWriteAsync } from '../../io/fault.js';
import { clockTime, roleTitle } from '../views/labels.js';
import { itemLines } from '../views/recorded-view.js';
import { indentWrap } from '../views/layout.js';
import { clock, openWorkspace, resolveActor, store } from './incident-access.js';
import type { OpenOptions } from '../options.js';

export interface OpenResult {
  incident: string;
  tier: string;
  reason: string;
  occurred_at: string;
  declared_at: string;
}

const NOT_KNOWN = Symbol('not known');

export async function open(options: OpenOptions): Promise<OpenResult> {
  const ws = await openWorkspace(options);
  const loaded = await loadPlaybookFile(ws.playbookFile);
  const playbook = loaded.playbook;
  const zone = playbook.time_zone;
  const actor = await resolveActor(options, playbook, ws);
  const c = clock();
  const interactive = isInteractive();

  // Flags first, so a typo is reported before anyone answers questions.
  const raw = options.facts;
  const facts = typedFacts(raw, playbook);
  const tier = options.tier;
  if (tier === undefined && options.reason !== undefined) {
    throw new InputError(
      '--reason goes with --tier (why this tier was set by hand).',
      'Leave out --reason to classify by the questions, or add --tier.',
    );
  }
  if (tier !== undefined && !playbook.classification.tiers.some((t) => t.id === tier)) {
    throw new InputError(
      `Unknown tier "${oneLine(tier)}".`,
      `Tiers: ${playbook.classification.tiers.map((t) => `${oneLine(t.id)} (${oneLine(t.name)})`).join(', ')}.`,
    );
  }
  let title = options.title?.trim();
  if (!title) {
    if (!interactive)
      throw new InputError('An incident needs a title.', 'Give one with --title "…" (no terminal to ask on).');
    title = (
      await askText('Title (what happened, and where, in a few words):', {
        validate: (v) => (v.trim() ? true : 'A title is needed.'),
      })
    ).trim();
  }
  let occurredText = options.occurredAt;
  if (occurredText === undefined && interactive) {
    const nowText = formatInZone(c.now(), zone, 'yyyy-MM-dd HH:mm');
    occurredText = await askText(`When did it happen? (local time in ${zone}; Enter for now)`, {
      default: nowText,
      validate: (v) => tryParse(() => parseUserTime(v, zone, 'That time')),
    });
  }
  const occurred = occurredText === undefined ? undefined : parseUserTime(occurredText, zone, '--occurred-at');

  let unsettled: string[] = [];
  const command: OpenCommand = {
    kind: 'open',
    title,
    occurred_at: occurred ?? c.now(),
    facts: raw,
    playbook_sha256: loaded.sha256,
  };
  if (tier !== undefined) {
    command.tier = tier;
    const why = options.reason;
    if (why !== undefined) command.reason = why;
  } else {
    const settled = interactive
      ? await askClassification(playbook, raw, facts)
      : settle(playbook, facts, new Set(missingQuestions(playbook, facts)));
    if (interactive && settled.kind === 'none') {
      const chosen = await askTierByHand(playbook);
      command.tier = chosen.tier;
      command.reason = chosen.reason;
    } else if (settled.kind === 'open') {
      unsettled = settled.questions;
    }
  }

  // The whole decision once before anything is written: a refusal leaves no folder behind.
  const now = c.now();
  if (occurred === undefined) command.occurred_at = now;
  decide(command, initialState('pending'), playbook, now, actor);
  if (unsettled.length) {
    // Classified without a terminal, by the --fact answers given; say what could still change it.
    printWarning(
      `classified by the answers given, but ${unsettled.length === 1 ? 'this question is' : 'these questions are'} unanswered and could make it a more severe tier: ${unsettled.map(oneLine).join(', ')}. Record ${unsettled.length === 1 ? 'it' : 'them'} with \`cic fact set\`; re-tier with \`cic escalate\` if needed.`,
    );
  }

  const id = await guardWriteAsync("the new incident's folder in incidents/", () =>
    store(ws).createIncident(loaded, now),
  );
  let written: LogEntry[];
  try {
    ({ written } = await store(ws).appendToState(id, { actor, at: now, simulated: c.simulated }, (state) =>
      decide(command, state, playbook, now, actor),
    ));
  } catch (err) {
    await store(ws).discardIfEmpty(id);
    throw err;
  }

  const state = fold(written, id);
  const classified = written.find((e) => e.type === 'incident.classified') as LogEntry<'incident.classified'>;
  const result: OpenResult = {
    incident: id,
    tier: classified.data.tier,
    reason: classified.data.reason,
    occurred_at: toZonedIso(new Date(state.occurred_at), zone),
    declared_at: toZonedIso(new Date(state.declared_at), zone),
  };
  if (options.json) {
    stdout.json(result);
    return result;
  }
  const tierDef = playbook.classification.tiers.find((t) => t.id === result.tier)!;
  stdout.line(style.bold(`Incident ${id} opened: “${oneLine(state.title)}”`));
  stdout.line(
    `Tier: ${style.bold(oneLine(tierDef.name))} (${oneLine(tierDef.id)})${classified.data.method === 'manual' ? ', set by hand' : ''}`,
  );
  for (const line of whyLines(result.reason, width())) stdout.line(line);
  stdout.line(
    style.dim(
      `Occurred ${clockTime(new Date(state.occurred_at), zone, now)} · declared ${clockTime(now, zone, now)} by ${oneLine(actor.name)} (${roleTitle(playbook, actor.role)})${c.simulated ? ' · simulated clock' : ''}`,
    ),
  );
  const first = schedule(state, playbook, now)
    .filter((i) => i.due !== undefined && (i.state === 'upcoming' || i.state === 'overdue'))
    .slice(0, 5);
  if (first.length) {
    stdout.line('Due first:');
    for (const line of itemLines(first, playbook, now)) stdout.line(line);
  }
  stdout.line(style.dim(`The checklist: cic status · record: cic done ACTION (as your role: --as ROLE or CIC_ROLE)`));
  return result;
}

const width = () => Math.min(process.stdout.isTTY ? process.stdout.columns : 100, 100);

/**
 * The classification reason, readable: what matched first, then the tier's definition (dim). The
 * core words it "Name: definition — matched because …"; a tier set by hand is "set manually: …".
 */
function whyLines(reason: string, cols: number): string[] {
  const text = oneLine(reason);
  const cut = text.lastIndexOf(' — matched because ');
  if (cut < 0) return wrapFirst(`Why: ${text}`, cols);
  const because = text.slice(cut + ' — '.length);
  const definition = text.slice(0, cut);
  return [...wrapFirst(`Why: ${because}`, cols), ...indentWrap(definition, '     ', cols).map(style.dim)];
}

/** Wrap with the continuation lines indented under the text after "Why: ". */
function wrapFirst(text: string, cols: number): string[] {
  const lines = indentWrap(text, '     ', cols);
  return lines.map((l, i) => (i === 0 ? l.slice(5) : l));
}

function tryParse(fn: () => unknown): true | string {
  try {
    fn();
    return true;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function typedFacts(raw: Record<string, string>, playbook: Playbook): Record<string, FactValue> {
  const typed = Object.create(null) as Record<string, FactValue>;
  for (const id of Object.keys(raw)) {
    const fact = playbook.facts.find((f) => f.id === id);
    if (fact === undefined) {
      throw new InputError(
        `Unknown fact "${oneLine(id)}": the playbook does not define it.`,
        `Its facts: ${playbook.facts.map((f) => oneLine(f.id)).join(', ')}.`,
      );
    }
    typed[id] = parseFactValue(fact, raw[id]!, playbook.time_zone);
  }
  return typed;
}

// ---- classification: ask only until the tier is settled ------------------------------------

/**
 * A condition in three values: true, false, or undefined while a question it reads is still
 * unanswered (and may yet be asked).
 */
function maybe(
  cond: Condition,
  facts: Record<string, FactValue>,
  unanswered: ReadonlySet<string>,
): boolean | undefined {
  if ('all' in cond || 'any' in cond) {
    const isAll = 'all' in cond;
    let result: boolean | undefined = isAll;
    for (const c of isAll ? cond.all : cond.any) {
      const v = maybe(c, facts, unanswered);
      if (v === !isAll) return v;
      if (v === undefined) result = undefined;
    }
    return result;
  }
  if ('not' in cond) {
    const v = maybe(cond.not, facts, unanswered);
    return v === undefined ? undefined : !v;
  }
  if ('fact' in cond && !Object.hasOwn(facts, cond.fact) && unanswered.has(cond.fact)) return undefined;
  return evaluate(cond, { facts });
}

/**
 * The unanswered questions that can still decide `cond`: only those under parts that are
 * themselves undecided (in "all of: force used; injury", a "no" to force used settles it, and the
 * injury no longer matters).
 */
function pendingFacts(
  cond: Condition,
  facts: Record<string, FactValue>,
  unanswered: ReadonlySet<string>,
  into: Set<string>,
): Set<string> {
  if (maybe(cond, facts, unanswered) !== undefined) return into;
  if ('all' in cond) cond.all.forEach((c) => pendingFacts(c, facts, unanswered, into));
  else if ('any' in cond) cond.any.forEach((c) => pendingFacts(c, facts, unanswered, into));
  else if ('not' in cond) pendingFacts(cond.not, facts, unanswered, into);
  else if ('fact' in cond) into.add(cond.fact);
  return into;
}

type Settled =
  | { kind: 'match'; tier: string }
  | { kind: 'none' }
  | {
      kind: 'open';
      /** Unanswered questions that could still change the tier, the next to ask first. */ questions: string[];
    };

/**
 * Tiers are tried most severe first. The tier is settled when the first tier that holds has only
 * tiers before it that fail whatever the unanswered questions say.
 */
function settle(playbook: Playbook, facts: Record<string, FactValue>, unanswered: ReadonlySet<string>): Settled {
  const undecided: Condition[] = [];
  for (const tier of playbook.classification.tiers) {
    if (tier.when === undefined) continue;
    const v = maybe(tier.when, facts, unanswered);
    if (v === false) continue;
    if (v === true)
      return undecided.length === 0
        ? { kind: 'match', tier: tier.id }
        : pending(playbook, undecided, facts, unanswered);
    undecided.push(tier.when);
  }
  return undecided.length === 0 ? { kind: 'none' } : pending(playbook, undecided, facts, unanswered);
}

/** The unanswered questions that can still decide the undecided tiers, in the playbook's order. */
function pending(
  playbook: Playbook,
  undecided: readonly Condition[],
  facts: Record<string, FactValue>,
  unanswered: ReadonlySet<string>,
): Settled {
  const read = new Set<string>();
  undecided.forEach((c) => pendingFacts(c, facts, unanswered, read));
  // `maybe` is undefined only through an unanswered question, so there is at least one.
  return { kind: 'open', questions: playbook.classification.questions.filter((q) => read.has(q) && unanswered.has(q)) };
}

/** Ask the questions that matter, one at a time, until the tier is settled. */
async function askClassification(
  playbook: Playbook,
  raw: Record<string, string>,
  facts: Record<string, FactValue>,
): Promise<Settled> {
  const unanswered = new Set(missingQuestions(playbook, facts));
  const total = unanswered.size;
  for (let n = 1; ; n++) {
    const state = settle(playbook, facts, unanswered);
    if (state.kind !== 'open') {
      if (state.kind === 'match') {
        const tier = playbook.classification.tiers.find((t) => t.id === state.tier)!;
        stdout.line(
          style.dim(
            `That settles it: ${oneLine(tier.name)}.${unanswered.size ? ` (${unanswered.size} more ${unanswered.size === 1 ? 'question' : 'questions'} not needed; record later with cic fact set.)` : ''}`,
          ),
        );
      }
      return state;
    }
    const fact = playbook.facts.find((f) => f.id === state.questions[0])!;
    unanswered.delete(fact.id);
    const answer = await askFact(fact, playbook, `(${n}/${total})`);
    if (answer === NOT_KNOWN) continue;
    raw[fact.id] = answer;
    facts[fact.id] = parseFactValue(fact, answer, playbook.time_zone);
  }
}

async function askFact(fact: Fact, playbook: Playbook, counter: string): Promise<string | typeof NOT_KNOWN> {
  const message = `${counter} ${oneLine(fact.prompt)}`;
  if (fact.help)
    for (const line of indentWrap(oneLine(fact.help.trim().replace(/\s+/g, ' ')), '  ', width()))
      stdout.line(style.dim(line));
  const notKnown = {
    name: 'Not known yet',
    value: NOT_KNOWN as string | typeof NOT_KNOWN,
    description: 'Leave it unanswered for now; record it later with cic fact set.',
  };
  if (fact.type === 'boolean') {
    // Enter alone answers "No", never "Yes": a tired keystroke must not declare a shooting or a
    // death in custody. The same rule is in src/core/playbook/enter-answers.ts, for validate's warning.
    return askSelect<string | typeof NOT_KNOWN>(
      message,
      [{ name: 'Yes', value: 'yes' }, { name: 'No', value: 'no' }, notKnown],
      { default: 'no' },
    );
  }
  if (fact.type === 'choice') {
    return askSelect<string | typeof NOT_KNOWN>(message, [
      ...(fact.choices ?? []).map((c) => ({ name: oneLine(c), value: c })),
      notKnown,
    ]);
  }
  const answer = await askText(`${message} (Enter if not known yet)`, {
    validate: (v) => (v.trim() === '' ? true : tryParse(() => parseFactValue(fact, v, playbook.time_zone))),
  });
  return answer.trim() === '' ? NOT_KNOWN : answer;
}

/** No tier's definition matched: choose one by hand (with a reason), or cancel. */
async function askTierByHand(playbook: Playbook): Promise<{ tier: string; reason: string }> {
  stdout.line("No tier's definition matches these answers.");
  const tiers = playbook.classification.tiers;
  const NONE = '';
  const tier = await askSelect<string>(
    'Open it at a tier chosen by hand?',
    [
      ...tiers.map((t) => ({
        name: `${oneLine(t.name)} (${oneLine(t.id)})`,
        value: t.id,
        description: oneLine(t.definition.trim().replace(/\s+/g, ' ')),
      })),
      { name: 'Do not open an incident', value: NONE },
    ],
    { default: NONE }, // Enter alone never picks a tier, least of all the most severe (listed first)
  );
  if (tier === NONE) throw new CancelledError('Not opened: no tier matches and none was chosen. Nothing was recorded.');
  const reason = await askText('Why this tier? (recorded in the log)', {
    validate: (v) => (v.trim() ? true : 'A reason is needed.'),
  });
  return { tier, reason };
}

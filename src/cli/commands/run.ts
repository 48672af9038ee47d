/**
 * `cic run [ID]`: the guided walk-through. One item at a time for the chosen role(s), overdue
 * first: what it is, when it is due, whose it is, the playbook's guidance; then a menu (mark done,
 * draft / approve / release a statement, skip, extend, note, status board, switch role, quit).
 *
 * The state is the log: every screen re-reads it, so the walk-through resumes where things stand
 * and two people running it at once see each other's entries. Every answer for a step is
 * collected before anything is recorded, and each step is one append, so Ctrl+C at any prompt
 * (exit 130) leaves nothing half-written.
 *
 * `cic run --view` prints the whole runbook as Markdown instead, and needs no terminal.
 */
import { CancelledError, CicError, InputError } from '../../core/errors.js';
import type { DoneCommand } from '../../core/incident/commands.js';
import { decide } from '../../core/incident/decide.js';
import { fold } from '../../core/incident/fold.js';
import { closedError } from '../../core/incident/guards.js';
import { schedule, type ScheduleItem } from '../../core/incident/schedule.js';
import type { IncidentState } from '../../core/incident/state.js';
import { printError, style, stdout } from '../../io/output/terminal.js';
import { isPlainLine, oneLine, visible } from '../../core/text/visible.js';
import type { Action, Playbook } from '../../core/playbook/model.js';
import { askConfirm, askSelect, askText, isInteractive } from '../../io/prompts.js';
import { statementProgress } from '../../core/statements/approvals.js';
import { missingRequiredFacts } from '../../core/statements/decide.js';
import { currentVersion, entryOf } from '../../core/statements/state.js';
import { textOf, textsOf, type StatementTexts } from '../../core/statements/texts.js';
import { parseDuration } from '../../core/time/duration.js';
import { extensionWords } from '../../core/playbook/describe.js';
import { elapsedWords, parseUserTime, relative } from '../../core/time/format.js';
import { clockTime, itemTitle, roleTitle } from '../views/labels.js';
import { card } from '../walkthrough/card.js';
import { countdownLines, governingBodyLines } from '../views/press-view.js';
import { decidePress } from '../../core/press/decide.js';
import { acknowledgementsOf } from '../../core/press/state.js';
import { choicesFor, idleChoices, type ChoiceId, type MenuChoice } from '../walkthrough/choices.js';
import { header } from '../walkthrough/header.js';
import { itemKey, nextFor } from '../walkthrough/next.js';
import {
  clock,
  loadIncident,
  openWorkspace,
  operatorName,
  selectIncident,
  store,
  type Workspace,
} from './incident-access.js';
import type { IncidentId } from '../../core/ids.js';
import type { RecordingOptions, RunOptions } from '../options.js';
import { applyCommand, recordCommand } from './apply-command.js';
import { askFact, draftStatement, editDraft } from './drafting.js';
import { foldEvents } from '../../core/statements/compose.js';
import { approveStatement, askChannels, rejectStatement, releaseStatement } from './statements.js';

const NON_INTERACTIVE = [
  'Without a terminal, use the commands the walk-through runs:',
  '  cic status                      the checklist (overdue first)',
  '  cic done ACTION [--note …]      record an item done',
  '  cic skip ACTION --reason …      cic extend ACTION --by PT1H --reason …',
  '  cic note TEXT                   a communications-log entry',
  '  cic draft / approve / release STATEMENT',
  '  cic run --view                  the whole runbook as Markdown',
].join('\n');

/** Options for the recording commands: the incident, and the role and name acted as. */
interface Acting extends RecordingOptions {
  incident: IncidentId;
  as: string;
  name: string;
}

interface Session {
  ws: Workspace;
  id: IncidentId;
  opts: Acting;
  roles: string[] | undefined;
  later: Set<string>;
  /** Show the next deadline beyond the horizon as the current item. */
  ahead: boolean;
}

interface Snapshot {
  state: IncidentState;
  /** The statements' words, read with the state. */
  texts: StatementTexts;
  playbook: Playbook;
  items: ScheduleItem[];
  now: Date;
  simulated: boolean;
  dir: string;
}

export async function run(options: RunOptions): Promise<unknown> {
  if (options.view) return view(options);
  if (!isInteractive())
    throw new InputError(
      'cic run is the interactive walk-through and needs a terminal (stdin and stdout)',
      NON_INTERACTIVE,
    );
  const session = await start(options);
  try {
    await loop(session);
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    throw new CancelledError(
      `Stopped. The step in progress was not recorded; every step before it is in the log. Resume with: cic run ${session.id}`,
    );
  }
  return undefined;
}

async function read(session: Session): Promise<Snapshot> {
  const { loaded, entries, dir } = await loadIncident(session.ws, session.id);
  const state = fold(entries, session.id);
  const c = clock();
  const now = c.now();
  return {
    state,
    texts: textsOf(entries),
    playbook: loaded.playbook,
    items: schedule(state, loaded.playbook, now),
    now,
    simulated: c.simulated,
    dir,
  };
}

async function view(opts: RunOptions): Promise<string> {
  const { runbookMarkdown } = await import('../views/runbook-md.js');
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, {
    anyState: true,
    how: 'cic run ID --view',
  });
  const { loaded, entries } = await loadIncident(ws, id);
  const state = fold(entries, id);
  const c = clock();
  const now = c.now();
  const md = runbookMarkdown({
    state,
    playbook: loaded.playbook,
    items: schedule(state, loaded.playbook, now),
    now,
    simulated: c.simulated,
  });
  process.stdout.write(md);
  return md;
}

async function start(opts: RunOptions): Promise<Session> {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, {
    anyState: true,
    how: 'cic run ID',
  });
  const { loaded } = await loadIncident(ws, id);
  const playbook = loaded.playbook;
  const known = (r: string) => playbook.roles.some((x) => x.id === r);
  const wanted = opts.roles;
  const unknown = wanted?.filter((r) => !known(r)) ?? [];
  if (unknown.length)
    throw new InputError(
      `--role ${unknown.map(oneLine).join(', ')}: not a role of this incident's playbook`,
      `Its roles: ${playbook.roles.map((r) => r.id).join(', ')}`,
    );
  let role = [opts.as, process.env.CIC_ROLE, ws.settings.defaults.role].find(
    (r): r is string => typeof r === 'string' && r !== '',
  );
  if (role !== undefined && !known(role))
    throw new InputError(
      `"${oneLine(role)}" is not a role in this incident's playbook`,
      `Its roles: ${playbook.roles.map((r) => r.id).join(', ')}`,
    );
  const asked = role === undefined;
  role ??= await askRole(playbook, 'Which role are you acting as?', wanted?.[0]);
  // The workspace's default name may be someone else's: whoever picks a role here also says who they are.
  const given = [opts.name, process.env.CIC_NAME].some((n) => typeof n === 'string' && n.trim() !== '');
  // A member of the governing body acknowledges in their own name, never the workspace's (staff's).
  const member = playbook.roles.find((r) => r.id === role)?.governing_body === true;
  const name =
    given || (!asked && !member && ws.settings.defaults.name)
      ? operatorName(opts, ws.settings)
      : await askName(operatorName(opts, ws.settings));
  return {
    ws,
    id,
    opts: { ...opts, incident: id, as: role, name },
    roles: wanted?.length ? wanted : undefined,
    later: new Set(),
    ahead: false,
  };
}

async function askRole(playbook: Playbook, message: string, preselect?: string): Promise<string> {
  const choices = playbook.roles.map((r) => ({ name: `${oneLine(r.title)} (${oneLine(r.id)})`, value: r.id }));
  return askSelect(message, choices, { pageSize: choices.length, ...(preselect ? { default: preselect } : {}) });
}

async function askName(current: string): Promise<string> {
  return (
    await askText('Your name, for the log', {
      default: current,
      validate: (v) => (v.trim() && isPlainLine(v) ? true : 'One line of ordinary text'),
    })
  ).trim();
}

async function loop(session: Session): Promise<void> {
  for (;;) {
    const snap = await read(session);
    const actor = { role: String(session.opts.as), name: String(session.opts.name) };
    stdout.line(style.dim('─'.repeat(Math.min(process.stdout.columns || 80, 100))));
    const h = header({
      state: snap.state,
      playbook: snap.playbook,
      items: snap.items,
      now: snap.now,
      actor,
      roles: session.roles,
      simulated: snap.simulated,
    });
    h.lines.forEach((l, i) => stdout.line(i === 0 ? style.bold(l) : i === 3 && h.overdue ? style.overdue(l) : l));
    for (const l of countdownLines(snap.state, snap.playbook, snap.items, snap.now)) stdout.line(style.soon(l));
    stdout.line();
    if (snap.playbook.roles.find((r) => r.id === actor.role)?.governing_body === true) {
      if ((await governingBody(session, snap)) === 'quit') return;
      continue;
    }
    // Closed is the end of the active response: the duties still open on the schedule (those
    // that start at closing, the dated ones closing left open) are walked through as usual.
    if (snap.state.status === 'closed') {
      stdout.line(
        style.dim(
          `Incident ${oneLine(snap.state.id)} is closed: the active response is over. What is left are the duties still open on its schedule; facts and tier are settled. To change them, reopen it: cic reopen ${oneLine(snap.state.id)} --reason "…"`,
        ),
      );
      stdout.line();
    }
    const next = nextFor(snap.items, snap.state, snap.playbook, snap.now, {
      roles: session.roles,
      later: session.later,
    });
    let item = next.item;
    if (item === undefined && session.ahead && next.nextDeadline) item = next.nextDeadline;
    session.ahead = false;
    if (item === undefined) {
      if ((await idle(session, snap, next)) === 'quit') return;
      continue;
    }
    const action = snap.playbook.actions.find((a) => a.id === item.action)!;
    const c = card(item, action, snap.state, snap.playbook, snap.now, {
      width: process.stdout.columns || 80,
      concern: next.concern,
      actorRole: actor.role,
    });
    const left = next.due.length - 1;
    stdout.line(`${c.overdue ? style.overdue(c.urgency) : style.soon(c.urgency)}  ${style.bold(c.title)}`);
    for (const l of c.lines) stdout.line(l);
    if (left > 0) stdout.line(style.dim(`  (${left} more due after this one)`));
    stdout.line();
    const choices = choicesFor(item, action, snap.state, snap.playbook, actor.role);
    const choice = await menu(choices);
    if (choice === 'quit') return;
    await attempt(() => handleItem(choice, session, snap, item, action));
  }
}

async function menu(choices: MenuChoice[]): Promise<ChoiceId> {
  return askSelect<ChoiceId>(
    'What now?',
    choices.map((c) => ({ name: c.label, value: c.id, ...(c.disabled ? { disabled: `(${c.disabled})` } : {}) })),
    { pageSize: choices.length },
  );
}

/** Run one step; a refusal (someone else recorded it first, a wrong role) is shown and the walk-through goes on. */
async function attempt(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (err instanceof CancelledError || !(err instanceof CicError) || err.exitCode === 3) throw err;
    printError(err.message, err.hint);
  }
}

async function idle(session: Session, snap: Snapshot, next: ReturnType<typeof nextFor>): Promise<'quit' | 'again'> {
  const who = session.roles ? ` for ${session.roles.map((r) => roleTitle(snap.playbook, r)).join(', ')}` : '';
  const due = (i: ScheduleItem) =>
    `${oneLine(i.title)} [${oneLine(i.action)}], ${i.due ? relative(i.due.getTime() - snap.now.getTime()) : 'no deadline yet'}`;
  if (next.due.length) {
    stdout.line(style.soon(`You put off every item due${who}; still due:`));
    for (const i of next.due) stdout.line(`  ${due(i)}`);
  } else stdout.line(style.ok(`Nothing is due${who} in the next 24 hours.`));
  const later = next.nextDeadline;
  if (later)
    stdout.line(
      `The next deadline after that: ${due(later)} (${clockTime(later.due!, snap.playbook.time_zone, snap.now)}).`,
    );
  else if (!next.due.length) stdout.line('No later deadline is set yet.');
  if (next.waiting.length)
    stdout.line(
      `Waiting on another step: ${next.waiting.map((i) => `${itemTitle(i)} (waits on ${i.waiting_on.map(oneLine).join(', ')})`).join('; ')}.`,
    );
  stdout.line();
  const choice = await menu(idleChoices(next.due.length > 0, next.nextDeadline !== undefined));
  if (choice === 'quit') return 'quit';
  if (choice === 'revisit') session.later.clear();
  else if (choice === 'ahead') session.ahead = true;
  else if (choice !== 'refresh') await attempt(() => handleGeneral(choice, session, snap, undefined));
  return 'again';
}

async function handleGeneral(
  choice: ChoiceId,
  session: Session,
  snap: Snapshot,
  about: Action | undefined,
): Promise<void> {
  switch (choice) {
    case 'note': {
      const text = await askText(about ? `Note for the log (about ${oneLine(about.id)})` : 'Note for the log', {
        validate: (v) => (v.trim() ? true : 'Type the note, or Ctrl+C to cancel'),
      });
      await applyCommand(session.opts, { kind: 'note', text: about ? `${about.id}: ${text.trim()}` : text.trim() });
      stdout.line(style.ok('Noted.'));
      return;
    }
    case 'status': {
      const { renderStatus } = await import('../views/status-view.js');
      const { factChanges } = await import('../../core/statements/fact-changes.js');
      stdout.line();
      stdout.line(
        renderStatus({
          state: snap.state,
          playbook: snap.playbook,
          items: snap.items,
          now: snap.now,
          simulated: snap.simulated,
          ...(session.roles?.length === 1 ? { role: session.roles[0]! } : {}),
          width: process.stdout.columns || 100,
          factChanges: factChanges(snap.state.statements),
        }),
      );
      stdout.line();
      await askSelect('The status board, as of now', [{ name: 'Back to the walk-through', value: true }]);
      return;
    }
    case 'role':
      return switchRole(session, snap.playbook);
  }
}

async function switchRole(session: Session, playbook: Playbook): Promise<void> {
  const current = String(session.opts.as);
  const everyone = '\u0000every';
  const picked = await askSelect<string>(
    'Act as, and show the items of:',
    [
      ...playbook.roles.map((r) => ({
        name: `${oneLine(r.title)} (${oneLine(r.id)})${r.id === current ? ' - acting now' : ''}`,
        value: r.id,
      })),
      { name: `Every role's items (keep acting as ${roleTitle(playbook, current)})`, value: everyone },
    ],
    { default: current, pageSize: playbook.roles.length + 1 },
  );
  if (picked === everyone) {
    session.roles = undefined;
    return;
  }
  session.roles = [picked];
  if (picked !== current) {
    // Another role is usually another person at the same keyboard: the log must name them.
    const name = await askName(String(session.opts.name));
    session.opts = { ...session.opts, as: picked, name };
  }
  session.later.clear();
}

async function handleItem(
  choice: ChoiceId,
  session: Session,
  snap: Snapshot,
  item: ScheduleItem,
  action: Action,
): Promise<void> {
  const zone = snap.playbook.time_zone;
  switch (choice) {
    case 'later':
      session.later.add(itemKey(item));
      return;
    case 'done': {
      // Facts the playbook requires for this item (the investigating agency, say) are asked for
      // and recorded in the same append as the completion.
      const facts: Record<string, string> = Object.create(null);
      const missing = missingRequiredFacts(action, snap.state.facts);
      if (missing.length && snap.state.status === 'closed') {
        throw closedError(
          snap.state,
          snap.playbook,
          `${oneLine(action.id)} needs ${missing.length === 1 ? 'fact' : 'facts'} ${missing.map(oneLine).join(', ')}, not recorded, and its facts cannot change now`,
        );
      }
      if (missing.length)
        stdout.line(`${oneLine(action.id)} asks for ${missing.length === 1 ? 'a fact' : 'facts'} not recorded yet:`);
      for (const id of missing)
        facts[id] = await askFact(
          snap.playbook.facts.find((f) => f.id === id)!,
          zone,
        );
      const when = await askText('When was it done? ("now", or a local time like 2026-11-26 02:14)', {
        default: 'now',
        validate: (v) => validTime(v, zone),
      });
      const note = (await askText('A note for the log (optional)')).trim();
      const statedAt = when.trim().toLowerCase() === 'now' ? undefined : parseUserTime(when, zone, 'The time');
      const command: DoneCommand = {
        kind: 'done',
        action: action.id,
        occurrence: item.occurrence,
        ...(statedAt ? { stated_at: statedAt } : {}),
        ...(note ? { note } : {}),
      };
      const r = await recordCommand(session.opts, ({ state, playbook, now, actor }) => {
        const factEvents = missing.length ? decide({ kind: 'setFacts', facts }, state, playbook, now, actor) : [];
        return [...factEvents, ...decide(command, foldEvents(state, factEvents, now, actor), playbook, now, actor)];
      });
      const after = schedule(r.state, r.playbook, r.now).find(
        (i) => i.action === action.id && i.occurrence === item.occurrence,
      );
      const at = after?.completed_at ? ` at ${clockTime(after.completed_at, zone, r.now)}` : '';
      const timing = after?.state === 'late' ? style.late(`late by ${elapsedWords(after.late_by_ms ?? 0)}`) : 'on time';
      stdout.line(style.ok(`Recorded: ${oneLine(action.title)} done${at}, ${timing}.`));
      if (action.kind === 'press-conference') await commitmentsFlow(session, snap.playbook, action);
      return;
    }
    case 'skip': {
      const reason = await askText('Why is it skipped? (recorded in the log)', {
        validate: (v) => (v.trim() ? true : 'A skip needs a reason'),
      });
      await applyCommand(session.opts, { kind: 'skip', action: action.id, occurrence: item.occurrence, reason });
      stdout.line(style.ok(`Recorded: ${oneLine(action.title)} skipped.`));
      return;
    }
    case 'extend': {
      stdout.line(
        `Now due ${clockTime(item.due!, zone, snap.now)}; the playbook: ${oneLine(extensionWords(action.extendable!, snap.playbook.actions))}.`,
      );
      const to = await askText('Extend by a duration (like P1D, PT12H) or to a local time (like 2026-12-01 17:00)?', {
        validate: (v) => (parseDuration(v.trim()) ? true : validTime(v, zone)),
      });
      const reason = await askText('Why is it extended? (recorded in the log)', {
        validate: (v) => (v.trim() ? true : 'An extension needs a reason'),
      });
      const by = parseDuration(to.trim()) ? to.trim() : undefined;
      const r = await applyCommand(session.opts, {
        kind: 'extend',
        action: action.id,
        occurrence: item.occurrence,
        reason,
        ...(by ? { by } : { to: parseUserTime(to, zone, 'The new deadline') }),
      });
      const due = (r.written[0]?.data as { due?: string } | undefined)?.due;
      stdout.line(
        style.ok(
          `Recorded: ${oneLine(action.title)} is now due ${due ? clockTime(new Date(due), zone, r.now) : 'later'}.`,
        ),
      );
      return;
    }
    case 'read':
      return showDraft(session, snap, action);
    case 'draft':
      return draftFlow(session, action);
    case 'edit':
      await editDraft(session.opts, action.id);
      return;
    case 'approve':
      return approveFlow(session, snap, action);
    case 'reject': {
      const reason = await askText('What must change? (recorded with the rejection)', {
        validate: (v) => (v.trim() ? true : 'Say what must change'),
      });
      await rejectStatement(
        session.opts,
        action.id,
        reason,
        currentVersion(entryOf(snap.state.statements, action.id))?.version,
      );
      return;
    }
    case 'release':
      return releaseFlow(session, action);
    default:
      return handleGeneral(choice, session, snap, action);
  }
}

/** After a press conference: each promise made at the podium becomes a tracked commitment. */
async function commitmentsFlow(session: Session, playbook: Playbook, press: Action): Promise<void> {
  const zone = playbook.time_zone;
  const roles = playbook.roles.map((r) => ({ name: `${oneLine(r.title)} (${oneLine(r.id)})`, value: r.id }));
  for (;;) {
    const words = (
      await askText('Did an official promise anything at the podium? Its words (Enter: nothing more)')
    ).trim();
    if (words === '') return;
    const by = await askText('By when was it promised? (a local time like 2026-11-28 17:00)', {
      validate: (v) => {
        const valid = v.trim().toLowerCase() === 'now' ? 'A time still ahead' : validTime(v, zone);
        if (valid !== true) return valid;
        return parseUserTime(v, zone, 'The time') > clock().now()
          ? true
          : 'That time has passed: give a time still ahead';
      },
    });
    const saidBy = await askSelect('Who said it?', roles, { pageSize: roles.length });
    const owner = await askSelect('Which role must keep it?', roles, { pageSize: roles.length });
    await attempt(async () => {
      const r = await recordCommand(session.opts, ({ state, playbook: pb, now, actor }) =>
        decidePress(
          {
            kind: 'commit',
            text: words,
            due: parseUserTime(by, zone, 'The time'),
            owner,
            said_by: saidBy,
            press: press.id,
          },
          state,
          pb,
          now,
          actor,
        ),
      );
      const n = (r.written[0]?.data as { commitment?: number } | undefined)?.commitment;
      stdout.line(style.ok(`Recorded commitment ${n}: “${oneLine(words)}”, tracked until it is kept or broken.`));
    });
  }
}

/** The governing body's walk-through: acknowledge the packets sent, then what a member has to know. */
async function governingBody(session: Session, snap: Snapshot): Promise<'quit' | 'again'> {
  const name = String(session.opts.name);
  const zone = snap.playbook.time_zone;
  for (const p of snap.state.press.packets) {
    if (acknowledgementsOf(snap.state.press, p.number).some((a) => a.by.name === name)) continue;
    stdout.line(
      `Briefing packet ${p.number} (as of ${clockTime(new Date(p.as_of), zone, snap.now)}) was sent to ${p.to.map(oneLine).join(', ')}.`,
    );
    const yes = await askConfirm(
      `Acknowledge that you, ${oneLine(name)}, received packet ${p.number}? (logged with the time)`,
      true,
    );
    if (!yes) continue;
    await attempt(async () => {
      await recordCommand(session.opts, ({ state, playbook, now, actor }) =>
        decidePress({ kind: 'acknowledge', packet: p.number }, state, playbook, now, actor),
      );
      stdout.line(style.ok(`Acknowledged packet ${p.number}.`));
    });
  }
  const fresh = await read(session);
  stdout.line();
  for (const l of governingBodyLines(fresh.state, fresh.texts, fresh.playbook, String(session.opts.as), fresh.now))
    stdout.line(l);
  stdout.line();
  const choice = await askSelect('What now?', [
    { name: 'Refresh', value: 'refresh' },
    { name: 'Add a note to the log', value: 'note' },
    { name: 'Quit', value: 'quit' },
  ]);
  if (choice === 'note') await attempt(() => handleGeneral('note', session, fresh, undefined));
  return choice === 'quit' ? 'quit' : 'again';
}

function validTime(v: string, zone: string): true | string {
  if (v.trim().toLowerCase() === 'now') return true;
  try {
    parseUserTime(v, zone, 'The time');
    return true;
  } catch (err) {
    return err instanceof CicError ? `${err.message} ${err.hint ?? ''}`.trim() : String(err);
  }
}

async function showDraft(session: Session, snap: Snapshot, action: Action): Promise<void> {
  const v = currentVersion(entryOf(snap.state.statements, action.id));
  if (!v) return;
  const s = store(session.ws);
  // A store that keeps no copies (PostgreSQL) shows the words as logged; the folder store its copy.
  const text = s.keepsDraftCopies ? await s.readDraft(session.id, v.file) : textOf(snap.texts, v);
  stdout.line();
  const name = s.keepsDraftCopies ? v.file : `${oneLine(action.id)}, as logged`;
  stdout.line(style.bold(`${name} (v${v.version}, sha256 ${v.sha256.slice(0, 12)}…)`));
  if (text === undefined) stdout.line(style.error('The file is missing.'));
  else
    text
      .replace(/\n$/, '')
      .split('\n')
      .forEach((l, i) => stdout.line(`${style.dim(String(i + 1).padStart(3))}  ${visible(l)}`));
  for (const c of v.checks)
    stdout.line(
      `${v.file}:${c.line}: ${c.level === 'error' ? style.error('error') : style.warn('warning')}: ${oneLine(c.message)}`,
    );
  stdout.line();
}

async function draftFlow(session: Session, action: Action): Promise<void> {
  const result = await draftStatement(session.opts, action.id, {});
  stdout.line();
  for (;;) {
    const snap = await read(session);
    const progress = statementProgress(entryOf(snap.state.statements, action.id), action, snap.playbook.roles);
    const v = progress.current!;
    const actorRole = String(session.opts.as);
    const choices = choicesFor(
      snap.items.find((i) => i.action === action.id) ?? ({ due: undefined } as ScheduleItem),
      action,
      snap.state,
      snap.playbook,
      actorRole,
    ).filter((c) => ['approve', 'release', 'read', 'edit'].includes(c.id));
    const options: { name: string; value: string; disabled?: string }[] = [
      ...choices.map((c) => ({ name: c.label, value: c.id, ...(c.disabled ? { disabled: `(${c.disabled})` } : {}) })),
      { name: 'Switch role (an approver at this keyboard)', value: 'role' },
      { name: 'Back to the walk-through', value: 'back' },
    ];
    if (result.findings.some((f) => f.level === 'error') && v.version === result.version)
      stdout.line(style.warn('The draft has check errors: it cannot be approved until they are fixed.'));
    const next = await askSelect<string>(`v${v.version} of ${oneLine(action.id)}: what now?`, options);
    if (next === 'back') return;
    if (next === 'read') await showDraft(session, snap, action);
    else if (next === 'edit') await attempt(async () => void (await editDraft(session.opts, action.id)));
    else if (next === 'role') await switchRole(session, snap.playbook);
    else if (next === 'approve') await attempt(() => approveFlow(session, snap, action));
    else if (next === 'release') {
      await attempt(() => releaseFlow(session, action));
      return;
    }
  }
}

async function approveFlow(session: Session, snap: Snapshot, action: Action): Promise<void> {
  const v = currentVersion(entryOf(snap.state.statements, action.id));
  if (!v) return;
  const warnings = v.checks.filter((c) => c.level === 'warning');
  for (const w of warnings) stdout.line(`${v.file}:${w.line}: ${style.warn('warning')}: ${oneLine(w.message)}`);
  const role = roleTitle(snap.playbook, String(session.opts.as));
  const ok = await askConfirm(
    `Approve v${v.version} of ${oneLine(action.id)} as ${role}${warnings.length ? `, with ${warnings.length} warning${warnings.length === 1 ? '' : 's'} recorded` : ''}? (bound to ${v.file} exactly as it is)`,
    true,
  );
  if (!ok) return;
  await approveStatement(session.opts, action.id, v.version);
}

async function releaseFlow(session: Session, action: Action): Promise<void> {
  const channels = await askChannels(action);
  const ok = await askConfirm(`Release it now on ${channels.map(oneLine).join(', ')}?`, true);
  if (!ok) return;
  await releaseStatement(session.opts, action.id, channels);
}

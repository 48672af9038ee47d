/**
 * The one wiring file: every command, its flags and help, then a lazy import of the module that
 * does the work. Nothing else lives here. Heavy dependencies load only inside the commands that
 * use them, so `cic --help` stays fast (docs/design.md#budgets).
 */
import { addHelp } from './help.js';
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { packageRoot } from '../io/schemas/package-root.js';
import * as parse from './options.js';
import type { CommanderOptions } from './options.js';

const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
  version: string;
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Options shared by commands that record to an incident's log. */
function recording(cmd: Command): Command {
  return cmd
    .option('--as <role>', 'the role you act as (or CIC_ROLE, or the workspace default)')
    .option('--name <name>', 'your name for the log (or CIC_NAME, or the workspace default)');
}

/** Options shared by commands that act on one incident. */
function onIncident(cmd: Command): Command {
  return cmd.option('-i, --incident <id>', 'the incident (may be left out when only one is open)');
}

function json(cmd: Command): Command {
  return cmd.option('--json', 'machine-readable output');
}

/** What a command asks for at a terminal when it was left out (`reasonOption`). */
const asked = new WeakMap<Command, { key: string; flag: string; question: string }>();

/**
 * `--reason`, which every recorded decision needs: at a terminal cic asks for it when it is left
 * out; without one, it is refused as missing (exit 2) before anything is read or written.
 */
function reasonOption(cmd: Command, question: string, description = 'why'): Command {
  asked.set(cmd, { key: 'reason', flag: '--reason', question });
  return cmd.option('--reason <text>', `${description} (asked at a terminal when left out)`);
}

async function askForMissing(cmd: Command, raw: CommanderOptions): Promise<CommanderOptions> {
  const a = asked.get(cmd);
  const given = a === undefined ? undefined : raw[a.key];
  if (a === undefined || (typeof given === 'string' && given.trim() !== '')) return raw;
  const { askText, requireInteractive } = await import('../io/prompts.js');
  requireInteractive(`${a.flag} (${a.question.replace(/\?.*$/, '').toLowerCase()})`, `${a.flag} "…"`);
  const answer = await askText(`${a.question} (recorded in the log)`, {
    validate: (v) => (v.trim() ? true : 'It is recorded in the log, so it cannot be empty.'),
  });
  return { ...raw, [a.key]: answer };
}

/** Each lazily imported command's loader, by name: `cli()` starts the one asked for early. */
const loaders = new Map<string, () => Promise<unknown>>();

/**
 * Attach a lazily imported command. `parse` turns the positional arguments and commander's options
 * (with the global ones merged in) into the command's typed options (`options.ts`); the module
 * exports a function named like the command that takes them.
 */
function lazy<O>(
  cmd: Command,
  parse: (args: string[], raw: CommanderOptions) => O,
  load: () => Promise<(options: O) => Promise<unknown>>,
): Command {
  let loading: Promise<(options: O) => Promise<unknown>> | undefined;
  const once = () => (loading ??= load());
  // Keyed by the first word typed: a subcommand (`commitment list`) never takes a top-level name.
  if (cmd.parent?.name() === 'cic') loaders.set(cmd.name(), once);
  // Every command but the interactive walk-through answers in JSON when asked.
  if (cmd.name() !== 'run' && !cmd.options.some((o) => o.long === '--json'))
    cmd.option('--json', 'print one JSON object instead of text (errors as JSON on stderr)');
  return cmd.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    const args = params.slice(0, -2).flatMap((p) => (Array.isArray(p) ? p : p === undefined ? [] : [p])) as string[];
    const raw = await askForMissing(self, self.optsWithGlobals());
    const options = parse(args, raw);
    const run = await once();
    if (raw.json !== true) {
      await run(options);
      return;
    }
    const { jsonOnlyFromNow, stdout } = await import('../io/output/out.js');
    const answered = jsonOnlyFromNow();
    const result = await run(options);
    if (!answered.printed()) stdout.json(resultJson(result));
  });
}

/**
 * A command's result as `--json` prints it when the command has no JSON of its own: what was
 * recorded (each entry with its seq and hash), or the result as it is.
 */
function resultJson(result: unknown): unknown {
  const entry = (e: { seq: number; hash: string }) => ({ seq: e.seq, hash: e.hash, entry: e });
  if (isObject(result) && Array.isArray(result.written) && 'state' in result)
    return { incident: result.id, recorded: (result.written as { seq: number; hash: string }[]).map(entry) };
  if (isObject(result) && typeof result.seq === 'number' && typeof result.hash === 'string' && 'prev' in result)
    return { incident: result.incident, recorded: [entry(result as unknown as { seq: number; hash: string })] };
  if (result === undefined) return { ok: true };
  if (typeof result === 'string') return { text: result };
  return result;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

export function buildProgram(): Command {
  const program = new Command('cic')
    .description(
      'A runbook for critical incident communications: what must be said, by whom, approved by whom, by when.',
    )
    // `-V` only: a program-wide `--version` would swallow `cic approve X --version 2` (a statement
    // version). `cic --version` is translated to `-V` in `cli()` below.
    .version(pkg.version, '-V', 'output the version number (also --version)')
    .option('-w, --workspace <dir>', 'the workspace folder (or CIC_WORKSPACE, or the nearest with cic.yaml)')
    .option('--debug', 'show stack traces for unexpected errors')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run "cic help" for the commands, "cic help COMMAND" for one)')
    .configureHelp({ sortSubcommands: false });

  lazy(
    program
      .command('init [dir]')
      .description('make a workspace (cic.yaml and incidents/) with the bundled playbook')
      .option('--playbook <file>', 'use this playbook instead of the bundled one (it must validate)')
      .option('--name <name>', "the operator's name, recorded as the default")
      .option('--store <url>', 'keep the incidents in this PostgreSQL database (postgres://…; docs/postgres.md)'),
    parse.initOptions,
    async () => (await import('./commands/init.js')).init,
  );

  const playbook = program.command('playbook').description('validate and show playbooks');
  lazy(
    json(
      playbook
        .command('validate [files...]')
        .description('validate playbooks; every problem as file:line:col: message'),
    ),
    parse.playbookValidateOptions,
    async () => (await import('./commands/playbook-validate.js')).playbookValidate,
  );
  lazy(
    json(
      playbook
        .command('show [file]')
        .description("the plan, readable: tiers, and each tier's actions in time order")
        .option('--tier <tier>', 'only this tier'),
    ),
    parse.playbookShowOptions,
    async () => (await import('./commands/playbook-show.js')).playbookShow,
  );

  lazy(
    json(
      recording(
        program
          .command('open')
          .description('open an incident: title, when it occurred, facts and its tier')
          .option('--title <title>', 'a short title')
          .option('--occurred-at <time>', 'when it happened (RFC 3339, or a local "YYYY-MM-DD HH:MM"); default now')
          .option('--fact <key=value>', 'a fact (repeatable)', collect)
          .option('--tier <tier>', 'set the tier rather than answering the classification questions')
          .option('--reason <text>', 'why this tier, when set with --tier'),
      ),
    ),
    parse.openOptions,
    async () => (await import('./commands/open.js')).open,
  );

  lazy(
    json(program.command('list').description('incidents with tier, age, open/closed and overdue count')),
    parse.listOptions,
    async () => (await import('./commands/list.js')).list,
  );

  lazy(
    json(
      program
        .command('status [id]')
        .description('the checklist: overdue first, then due soonest, with owners')
        .option('--role <role>', "only this role's items")
        .option('--all', 'include done and skipped items')
        .option('--watch', 'refresh in place until Ctrl+C'),
    ),
    parse.statusOptions,
    async () => (await import('./commands/status.js')).status,
  );

  lazy(
    recording(
      program
        .command('run [id]')
        .description('the guided walk-through: the next item, one at a time')
        .option('--role <role>', "only this role's items (repeatable)", collect)
        .option('--view', 'print the whole runbook as Markdown and exit'),
    ),
    parse.runOptions,
    async () => (await import('./commands/run.js')).run,
  );

  lazy(
    onIncident(
      recording(
        program
          .command('done [action]')
          .description('record an action as done')
          .option('--occurrence <n>', 'which occurrence of a recurring action (default: the earliest open)')
          .option('--request <n>', 'which request, for an action owed per request (default: the earliest open)')
          .option('--stated-at <time>', 'when it was actually done, if earlier than now')
          .option('--note <text>', 'a note for the log')
          .option('--source <text>', 'for a duty owned outside the city: how the city knows it was done'),
      ),
    ),
    parse.doneOptions,
    async () => (await import('./commands/checklist.js')).done,
  );
  lazy(
    onIncident(
      recording(
        reasonOption(
          program.command('skip <action>').description('record that an action will not be done, and why'),
          'Why is it skipped?',
          'why it is skipped',
        )
          .option('--occurrence <n>', 'which occurrence of a recurring action')
          .option('--request <n>', 'which request, for an action owed per request'),
      ),
    ),
    parse.skipOptions,
    async () => (await import('./commands/checklist.js')).skip,
  );
  lazy(
    onIncident(
      recording(
        reasonOption(
          program.command('extend <action>').description('move a deadline, where the playbook allows, with a reason'),
          'Why is the deadline extended?',
          'why it is extended',
        )
          .option('--by <duration>', "ISO 8601 duration, e.g. P30D (default: the playbook's step, if it has one)")
          .option('--to <time>', 'the new deadline')
          .option('--requested-by <who>', 'who asked for it (recorded; some playbooks require it)')
          .option('--written', 'the request or determination is in writing (recorded)')
          .option('--occurrence <n>', 'which occurrence of a recurring action')
          .option('--request <n>', 'which request, for an action owed per request'),
      ),
    ),
    parse.extendOptions,
    async () => (await import('./commands/checklist.js')).extend,
  );

  lazy(
    onIncident(
      recording(
        reasonOption(
          program
            .command('pause <action>')
            .description(
              "stop a deadline's clock while a determination stands, where the playbook allows; again while paused: reassessed",
            ),
          'What is the determination, and its specific basis?',
          'the determination and its specific basis',
        )
          .option('--written', 'the determination is in writing (recorded)')
          .option('--occurrence <n>', 'which occurrence of a recurring action'),
      ),
    ),
    parse.pauseOptions,
    async () => (await import('./commands/pause.js')).pause,
  );

  lazy(
    onIncident(
      recording(
        program
          .command('resume <action>')
          .description("start a paused deadline's clock again")
          .option('--reason <text>', 'why the determination no longer stands')
          .option('--occurrence <n>', 'which occurrence of a recurring action'),
      ),
    ),
    parse.resumeOptions,
    async () => (await import('./commands/pause.js')).resume,
  );

  lazy(
    onIncident(
      recording(
        program
          .command('schedule <action>')
          .description('set when a press conference starts; move it (with a reason) or cancel it')
          .option('--at <time>', 'when it starts ("YYYY-MM-DD HH:MM" in the playbook\'s zone, or RFC 3339)')
          .option('--place <place>', 'where')
          .option('--reason <text>', 'why it moves (needed to move or cancel it)')
          .option('--cancel', 'call it off (needs --reason)'),
      ),
    ),
    parse.scheduleOptions,
    async () => (await import('./commands/press.js')).schedule,
  );

  const request = program.command('request').description('requests the city owes a duty for, each on its own clock');
  lazy(
    onIncident(
      recording(
        request
          .command('add <kind>')
          .description('record a request received (a records request, a family asking to view a video)')
          .requiredOption('--from <who>', 'who made it: a newsroom, a family, a resident')
          .option('--received-at <time>', 'when it reached the city, if earlier than now (its deadlines count from it)')
          .option('--note <text>', 'what was asked, for the log'),
      ),
    ),
    parse.requestAddOptions,
    async () => (await import('./commands/request.js')).requestAdd,
  );

  const fact = program.command('fact').description('record facts');
  lazy(
    onIncident(
      recording(
        fact
          .command('set <pairs...>')
          .description('record facts: KEY=VALUE …')
          .option('--stated-at <time>', 'when it became known'),
      ),
    ),
    parse.factSetOptions,
    async () => (await import('./commands/checklist.js')).factSet,
  );
  lazy(
    onIncident(
      recording(
        reasonOption(
          program.command('escalate').description('re-tier the incident (up or down) with a reason'),
          'Why this tier?',
        ).requiredOption('--tier <tier>', 'the new tier'),
      ),
    ),
    parse.escalateOptions,
    async () => (await import('./commands/checklist.js')).escalate,
  );
  lazy(
    onIncident(
      recording(
        program
          .command('note <text>')
          .description('a free entry in the communications log')
          .option('--stated-at <time>', 'when it happened, if earlier than now'),
      ),
    ),
    parse.noteOptions,
    async () => (await import('./commands/note.js')).note,
  );

  const commitment = program.command('commitment').description('promises made in public, tracked as deadlines');
  lazy(
    onIncident(
      recording(
        commitment
          .command('add <words...>')
          .description('record a promise an official made in public')
          .requiredOption('--by <time>', 'by when it was promised')
          .requiredOption('--owner <role>', 'the role that must keep it')
          .requiredOption('--said-by <role>', 'the role of the official who said it')
          .option('--press <action>', 'the press conference where it was said'),
      ),
    ),
    parse.commitmentAddOptions,
    async () => (await import('./commands/press.js')).commitmentAdd,
  );
  lazy(
    onIncident(
      recording(
        commitment
          .command('kept <n>')
          .description('record a commitment as kept')
          .option('--note <text>', 'a note for the log'),
      ),
    ),
    parse.commitmentResolveOptions,
    async () => (await import('./commands/press.js')).commitmentKept,
  );
  lazy(
    onIncident(
      recording(
        reasonOption(
          commitment.command('broken <n>').description('record that a commitment will not be kept, and why'),
          'Why will it not be kept?',
        ),
      ),
    ),
    parse.commitmentResolveOptions,
    async () => (await import('./commands/press.js')).commitmentBroken,
  );
  lazy(
    onIncident(json(commitment.command('list').description('the commitments and whether each was kept'))),
    parse.commitmentListOptions,
    async () => (await import('./commands/press.js')).commitmentList,
  );

  lazy(
    onIncident(
      recording(
        program
          .command('draft <statement>')
          .description('render a statement draft from its template and the facts')
          .option('--fact <key=value>', 'record a fact first (repeatable)', collect)
          .option(
            '--edit',
            'open $EDITOR on the current version (drafted first with --fact, or if none yet); a change is a new version',
          )
          .option('--register [file]', 'record an edited text as a new version: FILE, or the edited draft file'),
      ),
    ),
    parse.draftOptions,
    async () => (await import('./commands/statements.js')).draft,
  );
  lazy(
    onIncident(
      recording(
        program
          .command('approve <statement>')
          .description("approve a statement's current draft (bound to its exact text), or an action before it is done")
          .option('--version <n>', 'the version approved (default: the latest)'),
      ),
    ),
    parse.approveOptions,
    async () => (await import('./commands/statements.js')).approve,
  );
  lazy(
    onIncident(
      recording(
        reasonOption(
          program.command('reject <statement>').description('reject a draft, with a reason'),
          'Why is the draft rejected?',
        ).option('--version <n>', 'the version rejected (default: the latest)'),
      ),
    ),
    parse.rejectOptions,
    async () => (await import('./commands/statements.js')).reject,
  );
  lazy(
    onIncident(
      recording(
        program
          .command('release <statement>')
          .description('release an approved statement on its channels')
          .option('--channel <channel>', 'press-release, social, website, … (repeatable)', collect),
      ),
    ),
    parse.releaseOptions,
    async () => (await import('./commands/statements.js')).release,
  );
  lazy(
    onIncident(
      program
        .command('press')
        .command('sheet [action]')
        .description('the run sheet of a press conference: one printable page (Markdown, HTML)')
        .option('--format <formats>', 'md, html or md,html', 'md')
        .option('--out <dir>', 'write the files here instead of printing'),
    ),
    parse.pressSheetOptions,
    async () => (await import('./commands/press-papers.js')).pressSheet,
  );
  lazy(
    onIncident(
      recording(
        program
          .command('brief <role>')
          .description('write a dated briefing packet for the governing body and record whom it went to')
          .requiredOption('--to <member>', 'a member it goes to (repeatable)', collect)
          .option(
            '--out <dir>',
            "write its files here (default: the incident's briefings/ folder; on PostgreSQL, kept in the database)",
          ),
      ),
    ),
    parse.briefOptions,
    async () => (await import('./commands/press-papers.js')).brief,
  );
  lazy(
    onIncident(
      recording(
        program
          .command('acknowledge [packet]')
          .description('as a member of the governing body, acknowledge a briefing packet (default: the latest)'),
      ),
    ),
    parse.acknowledgeOptions,
    async () => (await import('./commands/press.js')).acknowledge,
  );
  lazy(
    json(
      program
        .command('packets [id]')
        .description('the briefing packets sent: to whom, and whether the packet kept is the one the log records')
        .option('--out <dir>', 'write the kept packet files here (on PostgreSQL they are in the database)'),
    ),
    parse.packetsOptions,
    async () => (await import('./commands/packets.js')).packets,
  );
  lazy(
    onIncident(
      json(
        program
          .command('statements [statement]')
          .description("each statement: versions, approvals, release; a version's words from the log")
          .option('--show <n>', "print version N's exact text as logged (with a statement)")
          .option('--export <dir>', "write each version's text as logged to files in DIR (STATEMENT.vN.md)"),
      ),
    ),
    parse.statementsOptions,
    async () => (await import('./commands/statements.js')).statements,
  );

  lazy(
    json(
      program
        .command('log [id]')
        .description('the communications log, readable')
        .option('--type <type>', 'only entries of this type (repeatable)', collect)
        .option('--role <role>', 'only entries by this role')
        .option('--since <time>', 'only entries at or after this time'),
    ),
    parse.logOptions,
    async () => (await import('./commands/log.js')).log,
  );
  lazy(
    json(
      program
        .command('verify [id]')
        .description("check the log's hash chain; print the head digest for the minutes")
        .option('--anchor <seq:hash>', 'a digest recorded earlier that the log must still extend')
        .option(
          '--repair',
          "quarantine a torn tail left by a crash and record the repair; rebuild the frozen playbook's model",
        ),
    ),
    parse.verifyOptions,
    async () => (await import('./commands/verify.js')).verify,
  );
  const roster = program
    .command('roster')
    .description('who may act: the people, their roles, how the store recognises them (docs/postgres.md)');
  lazy(
    json(roster.command('show').description('the people on the roster and their roles')),
    parse.rosterShowOptions,
    async () => (await import('./commands/roster.js')).rosterShow,
  );
  lazy(
    json(roster.command('log').description('every change to the roster: who changed whom, when')),
    parse.rosterShowOptions,
    async () => (await import('./commands/roster.js')).rosterLog,
  );
  lazy(
    roster
      .command('set <login>')
      .description('put a person on the roster (a keeper only): their login, name and roles')
      .requiredOption('--name <name>', "the person's name, as entries will show it")
      .requiredOption('--roles <roles>', 'the roles the city gives them, comma-separated')
      .option('--keeper', 'they may change the roster'),
    parse.rosterSetOptions,
    async () => (await import('./commands/roster.js')).rosterSet,
  );
  lazy(
    roster.command('remove <login>').description('take a person off the roster (a keeper only)'),
    parse.rosterRemoveOptions,
    async () => (await import('./commands/roster.js')).rosterRemove,
  );
  const stores = program.command('store').description('where the incidents are kept (docs/postgres.md)');
  lazy(
    stores.command('migrate').description("bring the workspace's PostgreSQL database to this cic's schema (a DBA)"),
    parse.storeMigrateOptions,
    async () => (await import('./commands/store.js')).storeMigrate,
  );
  lazy(
    stores
      .command('copy')
      .description('copy every incident to another store, entry for entry, and check the copy byte for byte')
      .requiredOption('--to <url-or-dir>', 'a postgres:// URL or a new folder'),
    parse.storeCopyOptions,
    async () => (await import('./commands/store.js')).storeCopy,
  );
  lazy(
    program
      .command('report [id]')
      .description('the after-action report')
      .option('--format <formats>', 'md,html,csv,json', 'md,html,csv,json')
      .option('--out <dir>', "where to write it (default: the incident's reports/ folder)")
      .option('--force', 'replace existing files of that name that cic did not write'),
    parse.reportOptions,
    async () => (await import('./commands/report.js')).report,
  );
  lazy(
    program
      .command('calendar [id]')
      .description('the upcoming deadlines as an iCalendar (.ics) file')
      .option('--out <file>', 'where to write it (default: stdout)')
      .option('--force', 'replace an existing file of that name that cic did not write'),
    parse.calendarOptions,
    async () => (await import('./commands/calendar.js')).calendar,
  );
  lazy(
    onIncident(
      recording(
        program
          .command('close [id]')
          .description('close the incident')
          .option('--force', 'close with required items open (needs --reason)')
          .option('--reason <text>', 'why'),
      ),
    ),
    parse.closeOptions,
    async () => (await import('./commands/checklist.js')).close,
  );
  lazy(
    onIncident(
      recording(
        reasonOption(program.command('reopen [id]').description('reopen a closed incident'), 'Why is it reopened?'),
      ),
    ),
    parse.reopenOptions,
    async () => (await import('./commands/checklist.js')).reopen,
  );
  lazy(
    program
      .command('demo')
      .description('a scripted Tier 1 incident, end to end, in a temporary workspace')
      .option('--keep <dir>', 'leave the workspace in this folder for exploring'),
    parse.demoOptions,
    async () => (await import('./commands/demo.js')).demo,
  );

  program.addOption(new Option('--no-color', 'no colours').hideHelp());
  addHelp(program);
  return program;
}

/** Parse argv and run. Commander's usage errors become InputError (exit 2). */
export async function cli(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  // Under --json a usage error is reported as JSON by main.ts, not as commander's prose.
  const quiet = argv.includes('--json');
  program.commands.forEach(function override(c: Command) {
    c.exitOverride();
    if (quiet) c.configureOutput({ outputError: () => undefined, writeErr: () => undefined });
    c.commands.forEach(override);
  });
  if (quiet) program.configureOutput({ outputError: () => undefined, writeErr: () => undefined });
  const args = argv.length === 1 && argv[0] === '--version' ? ['-V'] : argv;
  // Start loading the command's module now: its files are read while commander parses.
  loaders
    .get(args[0] ?? '')?.()
    .catch(() => undefined);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not failures; commander has printed them already.
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return;
      if (err.code === 'commander.executeSubCommandAsync') return;
      // Commander has already printed the message and the suggestion.
      throw new UsagePrinted(err.message);
    }
    throw err;
  }
}

/** A usage error commander has already printed: exit 2 without printing it again. */
export class UsagePrinted extends InputError {}

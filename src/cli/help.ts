/**
 * What `--help` says beyond each command's options: the commands in four groups, two or three real
 * examples per command (on the bundled Clayton playbook's ids), and at the foot of `cic --help` the
 * environment variables and the exit codes (docs/design.md#the-command-line). Kept apart from the
 * command definitions so that adding a command is one entry here; a test checks that every command
 * has one and that each example names only options the command has.
 */
import type { Command } from 'commander';

export const HELP_GROUPS = {
  respond: 'Respond to an incident:',
  statements: 'Statements, press conferences and the Board:',
  audit: 'Audit (the clerk):',
  setup: 'Set up:',
} as const;

type Group = keyof typeof HELP_GROUPS;

interface CommandHelp {
  /** Top-level commands only: the heading they are listed under in `cic --help`. */
  group?: Group;
  examples: string[];
}

/** By command path ("commitment add"); a group command's own entry lists its subcommands' uses. */
export const COMMAND_HELP: Record<string, CommandHelp> = {
  init: { group: 'setup', examples: ['cic init city', 'cic init city --store postgres://cic@db.city.example/cic'] },
  playbook: {
    group: 'setup',
    examples: ['cic playbook validate playbooks/clayton-mo.yaml', 'cic playbook show --tier tier-1'],
  },
  'playbook validate': {
    examples: ['cic playbook validate playbooks/clayton-mo.yaml', 'cic playbook validate my-city.yaml --json'],
  },
  'playbook show': { examples: ['cic playbook show', 'cic playbook show --tier tier-1'] },
  open: {
    group: 'respond',
    examples: [
      'cic open',
      'cic open --title "Officer-involved shooting, Forsyth Blvd" --occurred-at "2026-11-26 01:40" --tier tier-1',
      'cic open --title "Use of force video" --fact video_circulating=yes --as city-manager --name "Pat Reyes"',
    ],
  },
  list: { group: 'respond', examples: ['cic list', 'cic list --json'] },
  status: {
    group: 'respond',
    examples: ['cic status', 'cic status --role pio', 'cic status --watch'],
  },
  run: { group: 'respond', examples: ['cic run', 'cic run --as police-chief', 'cic run --view > runbook.md'] },
  done: {
    group: 'respond',
    examples: [
      'cic done notify-city-manager',
      'cic done notify-city-manager --stated-at "02:14" --note "by phone"',
      'cic done public-update --occurrence 2',
      'cic done answer-records-request --request 2',
    ],
  },
  skip: {
    group: 'respond',
    examples: ['cic skip notify-city-attorney --reason "The City Attorney was at the scene"'],
  },
  extend: {
    group: 'respond',
    examples: [
      'cic extend video-release --by P30D --reason "Active investigation" --written',
      'cic extend investigation-timeline --to "2027-01-15 17:00" --reason "Autopsy results pending"',
    ],
  },
  schedule: {
    group: 'statements',
    examples: [
      'cic schedule press-briefing --at "2026-11-26 10:00" --place "City Hall, Council Chambers"',
      'cic schedule press-briefing --at "2026-11-26 11:00" --reason "The Chief is at the scene"',
      'cic schedule press-briefing --cancel --reason "Replaced by a written statement"',
    ],
  },
  fact: { group: 'respond', examples: ['cic fact set injury_level=death', 'cic fact set video_circulating=yes'] },
  'fact set': {
    examples: [
      'cic fact set injury_level=death',
      'cic fact set incident_location="Forsyth Blvd and Hanley Rd" --stated-at "2026-11-26 02:10"',
    ],
  },
  escalate: {
    group: 'respond',
    examples: ['cic escalate --tier tier-1 --reason "The subject died at the hospital"'],
  },
  pause: {
    group: 'respond',
    examples: [
      'cic pause video-release --reason "Disclosure would interfere with the DA\'s investigation: witness interviews" --written',
      'cic pause video-release --reason "Reassessed: interviews continue" --written',
    ],
  },
  resume: {
    group: 'respond',
    examples: ['cic resume video-release', 'cic resume video-release --reason "Interviews done"'],
  },
  request: {
    group: 'respond',
    examples: ['cic request add records-request --from "KSDK-TV" --received-at "2026-11-26 09:12"'],
  },
  'request add': {
    examples: [
      'cic request add records-request --from "KSDK-TV" --received-at "2026-11-26 09:12"',
      'cic request add records-request --from "A resident" --note "by email to the clerk"',
    ],
  },
  note: {
    group: 'respond',
    examples: [
      'cic note "KSDK called for comment; referred to the 10:00 briefing"',
      'cic note "Mayor briefed" --stated-at "02:40"',
    ],
  },
  commitment: {
    group: 'statements',
    examples: [
      'cic commitment add "release the video" --by "2026-11-28 17:00" --owner police-chief --said-by mayor',
      'cic commitment kept 1',
      'cic commitment list',
    ],
  },
  'commitment add': {
    examples: [
      'cic commitment add "release the video" --by "2026-11-28 17:00" --owner police-chief --said-by mayor',
      'cic commitment add "meet the family" --by "2026-11-27 12:00" --owner city-manager --said-by city-manager --press press-briefing',
    ],
  },
  'commitment kept': { examples: ['cic commitment kept 1', 'cic commitment kept 2 --note "posted on the city site"'] },
  'commitment broken': { examples: ['cic commitment broken 1 --reason "The prosecutor asked for more time"'] },
  'commitment list': { examples: ['cic commitment list', 'cic commitment list --json'] },
  draft: {
    group: 'statements',
    examples: [
      'cic draft holding-statement',
      'cic draft holding-statement --fact incident_location="Forsyth Blvd and Hanley Rd"',
      'cic draft holding-statement --register',
      'cic draft holding-statement --edit',
      'cic draft holding-statement --register ~/edits/holding-statement.v1.md',
    ],
  },
  approve: {
    group: 'statements',
    examples: [
      'cic approve holding-statement --as police-chief',
      'cic approve holding-statement --version 2',
      'cic approve answer-records-request --as city-attorney',
    ],
  },
  reject: {
    group: 'statements',
    examples: ['cic reject holding-statement --reason "Do not name the officer yet"'],
  },
  release: {
    group: 'statements',
    examples: [
      'cic release holding-statement --channel press-release --channel social',
      'cic release holding-statement',
    ],
  },
  press: {
    group: 'statements',
    examples: ['cic press sheet', 'cic press sheet press-briefing --format md,html --out .'],
  },
  'press sheet': { examples: ['cic press sheet', 'cic press sheet press-briefing --format html --out .'] },
  brief: {
    group: 'statements',
    examples: [
      'cic brief board --to "Mayor Harris" --to "Alderman Lee"',
      'cic brief board --to "Mayor Harris" --out .',
    ],
  },
  acknowledge: { group: 'statements', examples: ['cic acknowledge --as board', 'cic acknowledge 2 --as board'] },
  packets: { group: 'statements', examples: ['cic packets', 'cic packets 2026-0001 --out ~/to-send'] },
  statements: {
    group: 'statements',
    examples: [
      'cic statements',
      'cic statements holding-statement --show 1',
      'cic statements holding-statement --export ~/edits',
      'cic statements --json',
    ],
  },
  log: {
    group: 'audit',
    examples: ['cic log', 'cic log --type statement.released', 'cic log --since "2026-11-26 06:00" --json'],
  },
  verify: { group: 'audit', examples: ['cic verify', 'cic verify --anchor 42:9f2c…', 'cic verify --json'] },
  report: {
    group: 'audit',
    examples: ['cic report', 'cic report --format md,html --out ./after-action', 'cic report 2026-0001 --format csv'],
  },
  calendar: {
    group: 'audit',
    examples: ['cic calendar --out deadlines.ics', 'cic calendar 2026-0001 --out deadlines.ics --force'],
  },
  roster: {
    group: 'setup',
    examples: ['cic roster show', 'cic roster set jdoe --name "Jane Doe" --roles pio', 'cic roster remove jdoe'],
  },
  'roster show': { examples: ['cic roster show', 'cic roster show --json'] },
  'roster log': { examples: ['cic roster log', 'cic roster log --json'] },
  'roster set': {
    examples: [
      'cic roster set jdoe --name "Jane Doe" --roles pio',
      'cic roster set mreed --roles city-manager --keeper',
    ],
  },
  'roster remove': { examples: ['cic roster remove jdoe'] },
  store: { group: 'setup', examples: ['cic store migrate', 'cic store copy --to postgres://cic@db.city.example/cic'] },
  'store migrate': { examples: ['cic store migrate'] },
  'store copy': {
    examples: ['cic store copy --to postgres://cic@db.city.example/cic', 'cic store copy --to ../city-folder'],
  },
  close: {
    group: 'respond',
    examples: ['cic close', 'cic close --force --reason "Handed to the County; its items continue there"'],
  },
  reopen: { group: 'respond', examples: ['cic reopen 2026-0001 --reason "New video surfaced"'] },
  demo: { group: 'setup', examples: ['cic demo', 'cic demo --keep'] },
};

const FOOT = `
Environment:
  CIC_WORKSPACE      the workspace folder (else the nearest folder with cic.yaml)
  CIC_ROLE, CIC_NAME the role you act as and your name (else --as, --name, or the workspace defaults)
  CIC_DATABASE_URL   a postgres:// URL for the shared store (PGHOST, PGUSER, ~/.pgpass … as libpq)
  CIC_NOW            a simulated clock (RFC 3339), for drills and the demo; entries are marked simulated
  NO_COLOR           no colour

Exit codes:
  0 success · 1 a bug (the message says how to report it) · 2 bad input · 3 the log does not verify
  4 not permitted (the message names who may) · 5 busy (nothing was written) · 6 the disk or the
  database refused a write (the message says what became of it) · 130 cancelled at a prompt

See docs/ in the repository for the playbook format, the clerk's guide and the PostgreSQL store.`;

/** Attach groups and examples to `program`'s commands and the foot to `cic --help`. */
export function addHelp(program: Command): void {
  const walk = (cmd: Command, path: string[]): void => {
    for (const sub of cmd.commands) {
      const name = [...path, sub.name()].join(' ');
      const help = COMMAND_HELP[name];
      if (help?.group !== undefined) sub.helpGroup(HELP_GROUPS[help.group]);
      if (help !== undefined) sub.addHelpText('after', `\nExamples:\n${help.examples.map((e) => `  ${e}`).join('\n')}`);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(program, []);
  program.addHelpText('after', FOOT);
}

/**
 * `cic demo [--keep DIR]`: the whole job in one command. A scripted Tier 1 incident
 * (src/demo/script.ts) runs through the real commands on a simulated clock in a fresh workspace,
 * narrated step by step with the command each person typed, and ends with the after-action report
 * in every format, the calendar, and what to type next.
 *
 * Where: without `--keep`, a new folder under the system's temporary folder, which is left in
 * place (and named) so a newcomer can open the report and try commands on the finished incident;
 * the system cleans its temporary folder in time. `--keep DIR` uses DIR instead, which must be new
 * or empty: the demo never writes into a folder that holds anything.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { CicError, InputError } from '../../core/errors.js';
import { formatHead } from '../../core/log/verify.js';
import { stdout, style } from '../../io/output/terminal.js';
import { oneLine, visible } from '../../core/text/visible.js';
import type { Playbook } from '../../core/playbook/model.js';
import { REPORT_FORMAT_NAMES } from '../../core/report/formats.js';
import { formatInZone, parseUserTime, toZonedIso } from '../../core/time/format.js';
import { indentWrap } from '../views/layout.js';
import { loadPlaybookFile } from '../../io/workspace/incidents.js';
import { DEMO_ZONE, SCRIPT } from '../demo/script.js';
import { runCommand, runScript, shellLine, StepFailed, type StepRun } from '../demo/runner.js';
import { openWorkspace, store } from './incident-access.js';
import type { DemoOptions } from '../options.js';
import { parseIncidentId } from '../../core/ids.js';
import { reportFileName } from './report.js';

export interface DemoResult {
  root: string;
  incident: string;
  kept: boolean;
  reports: string[];
  calendar: string;
  verified: { ok: boolean; entries: number; head: string };
}

const INDENT = '         ';

export async function demo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const { root, kept } = workspaceFolder(options.keep);
  await runCommand(['init', '--name', 'Demo'], {}, root);
  const playbook = (await loadPlaybookFile(join(root, 'playbook.yaml'))).playbook;
  if (playbook.time_zone !== DEMO_ZONE)
    throw new Error(`the demo script is written for ${DEMO_ZONE}, the bundled playbook is in ${playbook.time_zone}`);

  const width = Math.min(process.stdout.isTTY ? process.stdout.columns : 100, 110);
  const cic = invocation();
  stdout.line(
    style.bold("cic demo: a Tier 1 incident from the first call to the clerk's report, on a simulated clock"),
  );
  stdout.line(
    `Playbook:  ${oneLine(playbook.title)}, ${oneLine(playbook.jurisdiction)} (${oneLine(playbook.id)} ${oneLine(playbook.version)})`,
  );
  stdout.line(`Workspace: ${visible(root)}${kept ? '' : ' (a new temporary folder, made with `cic init`)'}`);
  for (const line of indentWrap(
    `Each step runs the command shown, in that folder, as the person named, with CIC_NOW set to the step's time. Times are 24-hour, ${DEMO_ZONE}.`,
    '',
    width,
  )) {
    stdout.line(style.dim(line));
  }

  let day = '';
  const narrate = (run: StepRun) => {
    const date = formatInZone(run.at, DEMO_ZONE, 'EEEE dd MMM yyyy');
    if (date !== day) {
      day = date;
      stdout.line('');
      stdout.line(style.heading(date));
    }
    const who = run.step.who ? `${run.step.who.name} (${roleTitle(playbook, run.step.who.role)})` : '';
    const said = indentWrap(who ? `${who} ${run.step.say}` : run.step.say, INDENT, width);
    // The first line carries the time (INDENT is as wide as "  HH:mm  "); the person is in bold.
    said[0] = `  ${formatInZone(run.at, DEMO_ZONE, 'HH:mm')}  ${said[0]!.slice(INDENT.length)}`;
    if (who && said[0].includes(who)) said[0] = said[0].replace(who, style.bold(who));
    for (const line of said) stdout.line(line);
    if (run.argv) {
      stdout.line(`${INDENT}${style.dim('$')} cic ${shellLine(run.argv)}`);
      for (const line of shown(run)) stdout.line(`${INDENT}${style.dim(line)}`);
    }
  };

  let ctx;
  try {
    ctx = await runScript(SCRIPT, root, narrate);
  } catch (err) {
    if (!(err instanceof StepFailed)) throw err;
    stdout.line('');
    stdout.line(style.error(`The demo stopped at ${err.run.step.at}: cic ${shellLine(err.run.argv ?? [])}`));
    stdout.line(`The workspace is left as it was in ${visible(root)}.`);
    throw err.error instanceof CicError || err.error instanceof Error ? err.error : new Error(String(err.error));
  }

  const id = parseIncidentId(ctx.incident); // read from `cic open`'s output
  const ws = await openWorkspace({ workspace: root });
  const check = await store(ws).verify(id);
  const reports = REPORT_FORMAT_NAMES.map((f) => join(root, 'incidents', id, 'reports', reportFileName(id, f))).filter(
    (p) => existsSync(p),
  );
  const calendar = join(root, `deadlines-${id}.ics`);
  const last = SCRIPT[SCRIPT.length - 1]!;
  const lookAt = toZonedIso(new Date(parseUserTime(last.at, DEMO_ZONE).getTime() + 5 * 60_000), DEMO_ZONE);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  stdout.line('');
  stdout.line(
    style.bold(
      `Done in ${seconds} s: ${SCRIPT.filter((s) => s.cic).length} commands. The log ${check.ok ? 'verifies' : 'does NOT verify'}: ${check.entries} entries, head ${formatHead(check.head).slice(0, 20)}…`,
    ),
  );
  stdout.line('');
  stdout.line('The after-action report (open the .html in a browser; the .csv in a spreadsheet):');
  for (const p of reports) stdout.line(`  ${visible(p)}`);
  stdout.line('The deadlines still owed, as an iCalendar file (import it into a calendar):');
  stdout.line(`  ${visible(calendar)}`);
  stdout.line('');
  stdout.line('Look around: keep the simulated clock, or "now" is today and every deadline is long past.');
  stdout.line(`  cd ${shellLine([root])}`);
  stdout.line(`  export CIC_NOW=${lookAt}`);
  stdout.line(`  ${cic} status --all`);
  stdout.line(`  ${cic} log`);
  stdout.line(`  ${cic} statements`);
  stdout.line(
    style.dim(
      kept
        ? `The workspace stays in ${visible(root)}.`
        : `The folder stays until you delete it (rm -r ${shellLine([root])}); \`cic demo --keep DIR\` puts it where you choose.`,
    ),
  );
  if (!check.ok) throw new Error(`the demo's own log does not verify: ${check.problem}`);
  return {
    root,
    incident: id,
    kept,
    reports,
    calendar,
    verified: { ok: check.ok, entries: check.entries, head: formatHead(check.head) },
  };
}

/** `--keep DIR` (new or empty), else a new temporary folder. */
function workspaceFolder(keep: string | undefined): { root: string; kept: boolean } {
  if (keep === undefined || keep === '')
    return { root: realpathSync(mkdtempSync(join(tmpdir(), 'cic-demo-'))), kept: false };
  const dir = resolve(process.cwd(), keep);
  const shown = oneLine(keep);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new InputError(
        `--keep ${shown} is a file, not a folder`,
        'Give a new or empty folder for the demo workspace.',
      );
    if (readdirSync(dir).length > 0) {
      throw new InputError(
        `--keep ${shown} is not empty`,
        'Give a new or empty folder: the demo does not write into a folder that already holds files.',
      );
    }
  } else {
    mkdirSync(dir, { recursive: true });
  }
  return { root: realpathSync(dir), kept: true };
}

/** How this cic was started, for the commands to copy: `cic` on the PATH, else `node …/bin/cic.js`. */
function invocation(): string {
  const script = process.argv[1];
  if (script === undefined || basename(script) === 'cic') return 'cic';
  return `node ${shellLine([script])}`;
}

function roleTitle(playbook: Playbook, id: string): string {
  return oneLine(playbook.roles.find((r) => r.id === id)?.title ?? id);
}

const stripped = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** The lines of a step's output worth showing: those its `show` pattern picks, else the first. */
function shown(run: StepRun): string[] {
  const lines = run.output.filter((l) => l.trim() !== '');
  const pattern = run.step.show;
  const picked = pattern ? lines.filter((l) => pattern.test(stripped(l).trim())) : [];
  return picked.length ? picked : lines.slice(0, 1);
}

/**
 * `cic playbook validate [FILE…]`: every problem of every file as `file:line:col: message` on
 * stdout, sorted by position (files in the order given, each named as given), then a one-line
 * summary on stderr and exit 2; or `<file>: valid (N tiers, M actions)` and exit 0.
 *
 * The problem lines are the command's output (an editor's problem matcher or a CI log reads
 * them from stdout); only the summary goes through the usual `error:` line, so each line is
 * printed exactly once and never prefixed.
 *
 * Without FILE: the workspace's playbook (the `playbook:` key of cic.yaml) when run inside a
 * workspace, else the bundled playbooks/clayton-mo.yaml.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, formatProblem, type Problem } from '../../core/errors.js';
import { oneLine } from '../../core/text/visible.js';
import { stdout, type Out } from '../../io/output/out.js';
import { checkPlaybookFile } from '../../io/playbook/load.js';
import { parseFastYaml } from '../../core/playbook/yaml-fast.js';
import { packageRoot } from '../../io/schemas/package-root.js';
import { playbookCoverageWarning } from '../../core/incident/coverage.js';
import { enterAnswerWarnings } from '../../core/playbook/enter-answers.js';
import type { Playbook } from '../../core/playbook/model.js';
import type { Locator } from '../../core/playbook/locate.js';
import { printWarning } from '../../io/output/terminal.js';
import { systemClock as clock } from '../../io/clock.js';
import type { PlaybookValidateOptions, WorkspaceOptions } from '../options.js';

export interface FileResult {
  file: string;
  valid: boolean;
  tiers?: number;
  actions?: number;
  problems: Problem[];
  /** Only when there are any: `file:line:col: message` (the file is still valid). */
  warnings?: string[];
}

export async function playbookValidate(opts: PlaybookValidateOptions, out: Out = stdout): Promise<FileResult[]> {
  const files = opts.files.length > 0 ? opts.files : [await defaultPlaybook(opts)];
  const results: FileResult[] = [];
  const loadedOf = new Map<string, { playbook: Playbook }>();
  for (const file of files) {
    const checked = await checkPlaybookFile(file);
    if ('playbook' in checked) loadedOf.set(file, checked);
    results.push(
      'playbook' in checked
        ? {
            file,
            valid: true,
            tiers: checked.playbook.classification.tiers.length,
            actions: checked.playbook.actions.length,
            problems: [],
          }
        : { file, valid: false, problems: checked.problems },
    );
  }
  // Warnings (stderr, exit 0): listed holidays that a business-day count started now may outrun;
  // a classification question that Enter alone would answer into a tier.
  for (const r of results) {
    const loaded = loadedOf.get(r.file);
    if (!loaded) continue;
    const warnings: string[] = [];
    const where = (at: { line: number; col: number }) => `${oneLine(r.file)}:${at.line}:${at.col}`;
    // Positions come from reading the file again the careful way, once, and only for a warning.
    let located: Locator | null | undefined;
    const locate = async () => (located === undefined ? (located = await locator(r.file)) : located);
    const coverage = playbookCoverageWarning(loaded.playbook, clock().now());
    if (coverage !== undefined)
      warnings.push(`${where((await locate())?.key('/calendar/holidays') ?? { line: 1, col: 1 })}: ${coverage}`);
    for (const w of enterAnswerWarnings(loaded.playbook))
      warnings.push(`${where((await locate())?.value(w.path) ?? { line: 1, col: 1 })}: ${oneLine(w.message)}`);
    if (warnings.length === 0) continue;
    r.warnings = warnings;
    if (!opts.json) warnings.forEach((w) => printWarning(w));
  }
  if (opts.json) out.json(results);
  else {
    for (const r of results) {
      if (r.valid) out.line(`${oneLine(r.file)}: valid (${plural(r.tiers!, 'tier')}, ${plural(r.actions!, 'action')})`);
      else for (const p of r.problems) out.line(formatProblem(p));
    }
  }
  const invalid = results.filter((r) => !r.valid);
  if (invalid.length > 0) {
    const count = invalid.reduce((n, r) => n + r.problems.length, 0);
    const which = invalid.length === 1 ? oneLine(invalid[0]!.file) : `${invalid.length} of ${results.length} playbooks`;
    throw new InputError(
      `${which} ${invalid.length === 1 ? 'is' : 'are'} not valid: ${plural(count, 'problem')}${opts.json ? '' : ' (listed above)'}`,
      'Each problem is file:line:col: message. Fix them and run cic playbook validate again.',
    );
  }
  return results;
}

/** Where each value of the file is written, for a warning's file:line:col (null: unreadable now). */
async function locator(file: string): Promise<Locator | null> {
  const { parseSafeYaml } = await import('../../core/playbook/yaml-safe.js');
  try {
    return parseSafeYaml(readFileSync(file, 'utf8')).locator;
  } catch {
    return null;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The workspace's playbook, else the bundled one; shown relative to the current folder. */
async function defaultPlaybook(opts: WorkspaceOptions): Promise<string> {
  const cwd = process.cwd();
  const workspace = findWorkspace(opts, cwd);
  let file: string;
  if (workspace) {
    const settings = join(workspace, 'cic.yaml');
    const named = await readPlaybookSetting(settings);
    if (named === undefined) {
      throw new InputError(
        `${oneLine(settings)} names no playbook`,
        'Add a line such as "playbook: playbook.yaml", or give the file: cic playbook validate FILE.',
      );
    }
    file = resolve(workspace, named);
  } else {
    file = join(packageRoot(), 'playbooks', 'clayton-mo.yaml');
  }
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** `--workspace`, else CIC_WORKSPACE, else the nearest folder upwards holding cic.yaml. */
function findWorkspace(opts: WorkspaceOptions, cwd: string): string | undefined {
  const given = opts.workspace ?? process.env.CIC_WORKSPACE;
  if (given) {
    const dir = resolve(cwd, given);
    if (!existsSync(join(dir, 'cic.yaml')))
      throw new InputError(
        `${oneLine(dir)} is not a cic workspace (no cic.yaml)`,
        'Run cic init there, or give the playbook file.',
      );
    return dir;
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cic.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The `playbook:` key of cic.yaml, read as playbooks are: the quick way where it gives the same
 * data, else with the guarded YAML reader.
 */
async function readPlaybookSetting(settingsFile: string): Promise<string | undefined> {
  let text: string;
  try {
    text = readFileSync(settingsFile, 'utf8');
  } catch {
    return undefined;
  }
  const data = parseFastYaml(text)?.data ?? (await import('../../core/playbook/yaml-safe.js')).parseSafeYaml(text).data;
  const value =
    data !== null && typeof data === 'object' && Object.hasOwn(data, 'playbook')
      ? (data as { playbook: unknown }).playbook
      : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

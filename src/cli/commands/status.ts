/**
 * `cic status [ID]`: the checklist board (src/cli/views/status-view.ts), as text or `--json`, for one
 * role with `--role`, everything with `--all`; `--watch` redraws it in place every second and as
 * soon as the log changes, until Ctrl+C.
 */
import { statSync, watch as watchFile, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { schedule } from '../../core/incident/schedule.js';
import type { IncidentState } from '../../core/incident/state.js';
import { printWarning, stdout, style } from '../../io/output/terminal.js';
import { scheduleCoverageWarning } from '../../core/incident/coverage.js';
import type { Playbook } from '../../core/playbook/model.js';
import { factChanges } from '../../core/statements/fact-changes.js';
import { incidentDir } from '../../io/workspace/incidents.js';
import { oneLine } from '../../core/text/visible.js';
import { governingBodyLines, pressLines } from '../views/press-view.js';
import { renderStatus, statusJson, type StatusInput, type StatusJson } from '../views/status-view.js';
import { clock, loadState, openWorkspace, selectIncident, type Workspace } from './incident-access.js';
import type { IncidentId } from '../../core/ids.js';
import type { StatusOptions } from '../options.js';
import type { StatementTexts } from '../../core/statements/texts.js';

interface Board {
  state: IncidentState;
  playbook: Playbook;
  /** The statements' words, read with the state (the state holds their digests). */
  texts: StatementTexts;
}

export async function status(opts: StatusOptions): Promise<StatusJson | undefined> {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true, how: 'cic status ID' });
  const board = await read(ws, id);
  if (!board.state.opened) {
    throw new InputError(
      `Incident ${id} has no entries: its opening did not finish.`,
      'Open the incident again with `cic open`; this empty folder can be removed.',
    );
  }
  const role = opts.role;
  if (role !== undefined && !board.playbook.roles.some((r) => r.id === role)) {
    throw new InputError(
      `"${oneLine(role)}" is not a role in this incident's playbook.`,
      `Roles: ${board.playbook.roles.map((r) => oneLine(r.id)).join(', ')}.`,
    );
  }
  const options = { role, all: opts.all };
  if (opts.watch) {
    if (opts.json) throw new InputError('--watch and --json do not go together.', 'Poll `cic status --json` instead.');
    await watch(ws, id, board, options);
    return undefined;
  }
  const input = inputFor(board, options);
  const coverage = scheduleCoverageWarning(input.items, board.playbook, input.now);
  if (coverage !== undefined) printWarning(coverage);
  if (opts.json) {
    const json = statusJson(input);
    stdout.json(json);
    return json;
  }
  stdout.line(renderStatus(input));
  const extra = [
    ...pressLines(board.state, board.playbook, input.now),
    ...(role === undefined ? [] : governingBodyLines(board.state, board.texts, board.playbook, role, input.now)),
  ];
  if (extra.length) stdout.line(`\n${extra.join('\n')}`);
  return statusJson(input);
}

async function read(ws: Workspace, id: IncidentId): Promise<Board> {
  const { loaded, state, texts } = await loadState(ws, id);
  return { state, texts, playbook: loaded.playbook };
}

function inputFor(board: Board, options: { role: string | undefined; all: boolean }): StatusInput {
  const c = clock();
  const now = c.now();
  return {
    state: board.state,
    playbook: board.playbook,
    items: schedule(board.state, board.playbook, now),
    now,
    simulated: c.simulated,
    all: options.all,
    ...(options.role === undefined ? {} : { role: options.role }),
    width: process.stdout.isTTY ? process.stdout.columns : 100,
    factChanges: factChanges(board.state.statements),
  };
}

// ---- --watch ---------------------------------------------------------------------------------

const ESC = '\x1b[';
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const HOME = `${ESC}H`;
const CLEAR_LINE = `${ESC}K`;
const CLEAR_BELOW = `${ESC}J`;

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** How many screen rows a line takes once the terminal wraps it. */
const rowsOf = (line: string, width: number) =>
  Math.max(1, Math.ceil(line.replace(ANSI, '').length / Math.max(1, width)));

/**
 * Redraw until Ctrl+C (or SIGTERM). On a terminal the board is repainted in place (cursor home,
 * each line cleared to its end, the rest of the screen cleared), which does not flicker; elsewhere
 * (a pipe, a log file) each changed board is printed after the last. Ctrl+C ends it normally:
 * exit 0, cursor shown again.
 */
async function watch(
  ws: Workspace,
  id: IncidentId,
  first: Board,
  options: { role: string | undefined; all: boolean },
): Promise<void> {
  const out = process.stdout;
  const tty = out.isTTY === true;
  const logFile = join(incidentDir(ws, id), 'log.jsonl');
  let board = first;
  let stamp = stampOf(logFile);
  let last = '';
  let stopped = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopped = true;
    wake?.();
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watchFile(logFile, () => wake?.());
    watcher.on('error', () => undefined);
  } catch {
    // No file watching here: the one-second poll still sees every change.
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (tty) out.write(`${HIDE_CURSOR}${ESC}2J${HOME}`);
  try {
    while (!stopped) {
      const now = stampOf(logFile);
      if (now !== stamp) {
        stamp = now;
        board = await read(ws, id);
      }
      const text = renderStatus(inputFor(board, options));
      if (text !== last) {
        last = text;
        if (tty) out.write(paint(text, out.columns, out.rows));
        else out.write(`${text}\n\n`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    watcher?.close();
    if (tty) out.write(`${SHOW_CURSOR}\n`);
  }
}

/** The board for a terminal of `rows` × `width`: painted from the top, cut to fit the screen. */
function paint(text: string, width: number, rows: number): string {
  const lines = `${text}\n${style.dim('watching · Ctrl+C to stop')}`.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const need = rowsOf(line, width);
    if (used + need > rows - 1 && i < lines.length - 1) {
      kept.push(style.dim(`… ${lines.length - i} more lines: a taller window, --role ROLE, or cic status`));
      break;
    }
    kept.push(line);
    used += need;
  }
  return `${HOME}${kept.map((l) => l + CLEAR_LINE).join('\n')}${CLEAR_BELOW}`;
}

function stampOf(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '';
  }
}

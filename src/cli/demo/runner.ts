/**
 * Runs the demo script in this process: each step's arguments go through the real command-line
 * wiring (`cli()` in src/cli.ts), exactly as typed, with the environment a person would have set
 * (CIC_NOW at the step's time, CIC_NAME, CIC_WORKSPACE), inside the workspace folder, and with the
 * command's printed lines captured so the narration can show the ones that matter.
 *
 * Everything it changes (environment, current folder, the stdout seam) is put back after every
 * step, also when a step fails.
 */
import { cli } from '../program.js';
import { stdout } from '../../io/output/terminal.js';
import { parseUserTime } from '../../core/time/format.js';
import { DEMO_ZONE, type DemoContext, type Step } from './script.js';

export interface StepRun {
  step: Step;
  /** The instant the step happens at. */
  at: Date;
  /** The arguments as run (with `--as`), when the step runs a command. */
  argv?: string[];
  /** Everything the command printed. */
  output: string[];
}

/** The step's arguments, with `--as ROLE` for the person acting. */
export function argvOf(step: Step, ctx: DemoContext): string[] | undefined {
  if (step.cic === undefined) return undefined;
  const args = typeof step.cic === 'function' ? step.cic(ctx) : step.cic;
  return step.who ? [...args, '--as', step.who.role] : [...args];
}

/** Shell words as a person would type them: quoted only when needed. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a.replace(/(["\\$`])/g, '\\$1')}"`)).join(' ');
}

const ENV_KEYS = ['CIC_NOW', 'CIC_NAME', 'CIC_ROLE', 'CIC_WORKSPACE'] as const;

/** Run one command with this environment and folder, returning what it printed. */
export async function runCommand(
  argv: string[],
  env: Partial<Record<(typeof ENV_KEYS)[number], string>>,
  cwd: string,
): Promise<string[]> {
  const savedEnv = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  const savedCwd = process.cwd();
  const { line, json } = stdout;
  const printed: string[] = [];
  for (const k of ENV_KEYS) {
    const v = env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  stdout.line = (text = '') => void printed.push(...text.split('\n'));
  stdout.json = (value) => void printed.push(...JSON.stringify(value, null, 2).split('\n'));
  try {
    process.chdir(cwd);
    await cli(argv);
    return printed;
  } finally {
    stdout.line = line;
    stdout.json = json;
    process.chdir(savedCwd);
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export class StepFailed extends Error {
  constructor(
    readonly run: StepRun,
    readonly error: unknown,
  ) {
    super(`the demo stopped at ${run.step.at}`);
  }
}

/**
 * Run every step in order against the workspace at `root`; `onStep` is told about each one as it
 * finishes (to narrate as it goes). A failing step throws StepFailed with what it printed.
 */
export async function runScript(
  script: readonly Step[],
  root: string,
  onStep: (run: StepRun) => void,
): Promise<DemoContext> {
  const ctx: DemoContext = { incident: '' };
  for (const step of script) {
    const at = parseUserTime(step.at, DEMO_ZONE, 'demo step time');
    const argv = argvOf(step, ctx);
    const run: StepRun = { step, at, ...(argv ? { argv } : {}), output: [] };
    if (argv) {
      try {
        run.output = await runCommand(
          argv,
          { CIC_NOW: at.toISOString(), CIC_WORKSPACE: root, ...(step.who ? { CIC_NAME: step.who.name } : {}) },
          root,
        );
      } catch (err) {
        throw new StepFailed(run, err);
      }
      step.read?.(run.output.join('\n'), ctx);
    }
    onStep(run);
  }
  return ctx;
}

/**
 * The real binary under a pseudo-terminal (node-pty), for what only happens on a terminal: prompts,
 * `status --watch` redrawing in place, Ctrl+C. `waitFor` polls the output for a pattern; its time
 * limit only bounds a hang, it is not an assertion about speed.
 */
import { spawnPty } from '../helpers/pty.js';
import { CIC_BIN } from '../helpers/run-cic.js';

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', ctrlC: '\x03' } as const;

const CSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/** The text without terminal control sequences (colours, cursor moves). */
export const plain = (text: string) => text.replace(CSI, '');

export interface Terminal {
  /** Everything written to the terminal so far, control sequences included. */
  readonly output: string;
  /** The same without control sequences. */
  readonly text: string;
  write(keys: string): void;
  /** Resolves once the text (control sequences removed) after `from` matches; rejects with it after `limitMs`. */
  waitFor(pattern: string | RegExp, from?: number, limitMs?: number): Promise<void>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill(): void;
}

export function spawnCic(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; cols?: number; rows?: number },
): Terminal {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env }))
    if (v !== undefined) env[k] = v;
  const term = spawnPty(process.execPath, [CIC_BIN, ...args], {
    name: 'xterm-256color',
    cols: options.cols ?? 100,
    rows: options.rows ?? 50,
    cwd: options.cwd,
    env,
  });
  let output = '';
  term.onData((d) => (output += d));
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => term.onExit((e) => resolve(e)));
  return {
    get output() {
      return output;
    },
    get text() {
      return plain(output);
    },
    write: (keys) => term.write(keys),
    waitFor(pattern, from = 0, limitMs = 20_000) {
      const after = () => plain(output.slice(from));
      const matches = () => (typeof pattern === 'string' ? after().includes(pattern) : pattern.test(after()));
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          if (matches()) return resolve();
          if (Date.now() - started > limitMs)
            return reject(new Error(`no ${String(pattern)} in the terminal output:\n${after()}`));
          setTimeout(poll, 25);
        };
        poll();
      });
    },
    exited,
    kill: () => term.kill(),
  };
}

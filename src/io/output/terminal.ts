/**
 * The one module that talks to chalk. Colour follows NO_COLOR / FORCE_COLOR and is off when
 * stdout is not a terminal (chalk's own detection does exactly that).
 */
import chalk from 'chalk';

// chalk 5 honours FORCE_COLOR and --no-color but not NO_COLOR (https://no-color.org) on a terminal.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '' && !process.env.FORCE_COLOR) chalk.level = 0;

export const style = {
  bold: (s: string) => chalk.bold(s),
  dim: (s: string) => chalk.dim(s),
  overdue: (s: string) => chalk.red.bold(s),
  late: (s: string) => chalk.yellow(s),
  soon: (s: string) => chalk.yellow(s),
  done: (s: string) => chalk.green(s),
  skipped: (s: string) => chalk.gray(s),
  heading: (s: string) => chalk.bold.underline(s),
  error: (s: string) => chalk.red(s),
  warn: (s: string) => chalk.yellow(s),
  ok: (s: string) => chalk.green(s),
};

export { stdout, type Out } from './out.js';

export function printError(message: string, hint?: string): void {
  process.stderr.write(`${chalk.red('error:')} ${message}\n`);
  if (hint) process.stderr.write(`${hint}\n`);
}

export function printWarning(message: string): void {
  process.stderr.write(`${chalk.yellow('warning:')} ${message}\n`);
}

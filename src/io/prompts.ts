/**
 * The one module that calls the prompt library. Commands ask through here only for what their
 * flags did not give, and only on a terminal; Ctrl+C becomes CancelledError (exit 130) so nothing
 * is half-written. Tests replace this module or drive it through a real pseudo-terminal.
 */
import { CancelledError, InputError } from '../core/errors.js';
import { isJsonOnly } from './output/out.js';

/** Prompts are allowed only when a person is at a terminal on both ends, and not under `--json`. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !isJsonOnly();
}

/** Throw a helpful error when a value is missing and nobody can be asked for it. */
export function requireInteractive(what: string, flag: string): void {
  if (!isInteractive()) {
    throw new InputError(`${what} is missing`, `Give it with ${flag} (no terminal to ask on).`);
  }
}

async function ask<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) {
      throw new CancelledError();
    }
    throw err;
  }
}

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  disabled?: boolean | string;
}

export async function askText(
  message: string,
  options: { default?: string; validate?: (value: string) => true | string } = {},
): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return ask(() =>
    input({
      message,
      ...(options.default !== undefined && { default: options.default }),
      ...(options.validate && { validate: options.validate }),
    }),
  );
}

export async function askConfirm(message: string, defaultValue = false): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return ask(() => confirm({ message, default: defaultValue }));
}

export async function askSelect<T>(
  message: string,
  choices: Choice<T>[],
  options: { pageSize?: number; default?: T } = {},
): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return ask(() =>
    select<T>({
      message,
      choices,
      pageSize: options.pageSize ?? 12,
      loop: false,
      ...(options.default !== undefined && { default: options.default }),
    }),
  );
}

export async function askEditor(message: string, initial: string): Promise<string> {
  const { editor } = await import('@inquirer/prompts');
  return ask(() => editor({ message, default: initial, waitForUserInput: false }));
}

export async function askCheckbox<T>(
  message: string,
  choices: (Choice<T> & { checked?: boolean })[],
  options: { required?: boolean } = {},
): Promise<T[]> {
  const { checkbox } = await import('@inquirer/prompts');
  return ask(() => checkbox<T>({ message, choices, required: options.required ?? false, loop: false }));
}

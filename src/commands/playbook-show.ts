import { InputError } from '../errors.js';

export async function playbookShow(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('playbookShow is not built yet');
}

import { InputError } from '../errors.js';

export async function init(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('init is not built yet');
}

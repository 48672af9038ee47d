import { InputError } from '../errors.js';

export async function log(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('log is not built yet');
}

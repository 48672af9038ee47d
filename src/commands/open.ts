import { InputError } from '../errors.js';

export async function open(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('open is not built yet');
}

import { InputError } from '../errors.js';

export async function verify(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('verify is not built yet');
}

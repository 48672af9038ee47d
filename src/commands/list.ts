import { InputError } from '../errors.js';

export async function list(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('list is not built yet');
}

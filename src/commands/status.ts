import { InputError } from '../errors.js';

export async function status(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('status is not built yet');
}

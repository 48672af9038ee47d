import { InputError } from '../errors.js';

export async function note(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('note is not built yet');
}

import { InputError } from '../errors.js';

export async function demo(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('demo is not built yet');
}

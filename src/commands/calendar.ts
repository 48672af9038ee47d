import { InputError } from '../errors.js';

export async function calendar(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('calendar is not built yet');
}

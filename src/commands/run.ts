import { InputError } from '../errors.js';

export async function run(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('run is not built yet');
}

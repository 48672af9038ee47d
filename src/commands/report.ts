import { InputError } from '../errors.js';

export async function report(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('report is not built yet');
}

import { InputError } from '../errors.js';

export async function playbookValidate(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('playbookValidate is not built yet');
}

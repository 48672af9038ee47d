import { InputError } from '../errors.js';

export async function draft(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('draft is not built yet');
}
export async function approve(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('approve is not built yet');
}
export async function reject(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('reject is not built yet');
}
export async function release(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('release is not built yet');
}
export async function statements(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('statements is not built yet');
}

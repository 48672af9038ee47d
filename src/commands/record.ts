import { InputError } from '../errors.js';

export async function done(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('done is not built yet');
}
export async function skip(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('skip is not built yet');
}
export async function extend(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('extend is not built yet');
}
export async function factSet(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('factSet is not built yet');
}
export async function escalate(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('escalate is not built yet');
}
export async function close(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('close is not built yet');
}
export async function reopen(_args: string[], _opts: Record<string, unknown>): Promise<unknown> {
  throw new InputError('reopen is not built yet');
}

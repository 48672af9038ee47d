/**
 * The clock at the edge. `CIC_NOW` (an RFC 3339 time) replaces the machine clock for tests,
 * exercises and the demo; every entry written under it is marked as simulated. The core never
 * reads a clock: commands pass `now` in.
 */
import { InputError } from '../core/errors.js';

export interface Clock {
  now(): Date;
  simulated: boolean;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

export function parseRfc3339(text: string, what: string): Date {
  const d = new Date(text);
  if (!RFC3339.test(text) || Number.isNaN(d.getTime())) {
    throw new InputError(
      `${what} is not an RFC 3339 time: "${text}"`,
      'Write it like 2026-11-26T14:05:00-06:00 or 2026-11-26T20:05:00Z.',
    );
  }
  return d;
}

export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const fixed = env.CIC_NOW;
  if (fixed !== undefined && fixed !== '') {
    const at = parseRfc3339(fixed, 'CIC_NOW');
    return { now: () => new Date(at.getTime()), simulated: true };
  }
  return { now: () => new Date(), simulated: false };
}

/**
 * The entry validator (schemas/log-entry.schema.json): the envelope and, by `type`, the event's
 * data — the build's precompiled standalone validator, or the schema compiled at run time when the
 * build has not made one.
 */
import { getValidator } from '../schemas/validators.js';

import type { EntryCheck } from '../../core/log/entry.js';

export type { EntryCheck };

let cached: EntryCheck | undefined;

/** The validator as a function returning the first problem (`/data/text must …`) or undefined. */
export async function entryValidator(): Promise<EntryCheck> {
  if (cached) return cached;
  const validate = getValidator('log-entry');
  cached = (entry) => {
    if (validate(entry)) return undefined;
    const e = validate.errors?.[0];
    if (!e) return 'does not match the log entry schema';
    const extra = e.params && 'additionalProperty' in e.params ? ` ('${String(e.params.additionalProperty)}')` : '';
    return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
  };
  return cached;
}

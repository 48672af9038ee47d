/**
 * The entry validator (schemas/log-entry.schema.json): the envelope and, by `type`, the event's
 * data — the build's precompiled standalone validators, or the schema compiled at run time when the
 * build has not made them. An entry is checked by its type's own validator (compile.ts: the
 * schema narrowed to that type, a sixth of the code to load); the whole schema's validator is
 * loaded only for an entry that fails it, which the whole one then judges and words, and for a
 * type the schema does not name.
 */
import { entryTypeValidatorName } from '../schemas/compile.js';
import { getValidator, type Validator } from '../schemas/validators.js';

import { EVENT_TYPES, type EntryCheck } from '../../core/log/entry.js';

export type { EntryCheck };

const byType = new Map<string, Validator>();

/** The validator as a function returning the first problem (`/data/text must …`) or undefined. */
export async function entryValidator(): Promise<EntryCheck> {
  return check;
}

function check(entry: unknown): string | undefined {
  const type = (entry as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && EVENT_TYPES.has(type)) {
    let typed = byType.get(type);
    if (!typed) byType.set(type, (typed = getValidator(entryTypeValidatorName(type))));
    if (typed(entry)) return undefined;
  }
  const validate = getValidator('log-entry');
  if (validate(entry)) return undefined;
  const e = validate.errors?.[0];
  if (!e) return 'does not match the log entry schema';
  const extra = e.params && 'additionalProperty' in e.params ? ` ('${String(e.params.additionalProperty)}')` : '';
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
}

/**
 * The JSON Schema check, with ajv's errors turned into messages a playbook author can act on,
 * each located at the offending key (unknown or missing keys) or value (everything else).
 *
 * Messages come from the schema where it says how (`errorMessage`, `patternErrorMessage`,
 * `title`, the first sentence of a property's `description`), so the schema, editors and this
 * command agree.
 */
import type { ErrorObject } from 'ajv';
import { getValidator } from '../schemas/validators.js';
import { itemContext, label } from '../../core/playbook/finding-words.js';
import { pointer, type Finding, type Locator } from '../../core/playbook/locate.js';
import { closest, didYouMean } from '../../core/playbook/suggest.js';

interface SchemaNode {
  title?: string;
  description?: string;
  errorMessage?: string;
  patternErrorMessage?: string;
  properties?: Record<string, SchemaNode>;
  enum?: unknown[];
  anyOf?: SchemaNode[];
}

export function schemaFindings(data: unknown, locator: Locator): Finding[] {
  const validate = getValidator('playbook');
  if (validate(data)) return [];
  return explain(validate.errors ?? [], data, locator);
}

export function explain(errors: readonly ErrorObject[], data: unknown, locator: Locator): Finding[] {
  const findings: Finding[] = [];
  for (const e of collapseRequired(collapseAnyOf(errors))) {
    const message = messageFor(e, locator);
    const where = e.keyword.startsWith('required') || e.keyword === 'additionalProperties' ? 'key' : 'value';
    const path =
      e.keyword === 'additionalProperties'
        ? pointer(e.instancePath, String(e.params.additionalProperty))
        : e.keyword === 'uniqueItems'
          ? pointer(e.instancePath, Number(e.params.i))
          : e.instancePath;
    const pos = where === 'key' ? locator.key(path) : locator.value(path);
    const ctx =
      e.keyword === 'type' && /^\/[a-z_/]+\/\d+$/.test(e.instancePath) ? '' : itemContext(e.instancePath, data);
    findings.push({ ...pos, message: `${ctx}${message}` });
  }
  return findings;
}

/**
 * An `anyOf` (an anchor: a word or `{action: ID}`) fails with an error for each branch. For a
 * mapping, the errors about its keys and values are the useful ones (`{action: 5}`: "action" must
 * be text); for anything else, one message for the whole, from the `errorMessage` of the schema
 * holding the anyOf. Branch errors are found by position (they sit just before the anyOf error,
 * at its path or below): their schemaPath is relative when they come through a `$ref`.
 */
function collapseAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (let i = errors.length - 1; i >= 0; i--) {
    const e = errors[i]!;
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') {
      out.push(e);
      continue;
    }
    const children: ErrorObject[] = [];
    while (i > 0 && within(errors[i - 1]!.instancePath, e.instancePath)) children.push(errors[--i]!);
    const isMapping = e.data !== null && typeof e.data === 'object' && !Array.isArray(e.data);
    const useful = children.filter(
      (c) => c.instancePath !== e.instancePath || c.keyword === 'required' || c.keyword === 'additionalProperties',
    );
    if (isMapping && useful.length > 0) out.push(...useful);
    else out.push(e);
  }
  return out.reverse();
}

/** Several keys missing from one mapping (a file that is not a playbook at all): one line. */
function collapseRequired(errors: ErrorObject[]): ErrorObject[] {
  const missing = new Map<string, ErrorObject[]>();
  for (const e of errors)
    if (e.keyword === 'required') missing.set(e.instancePath, [...(missing.get(e.instancePath) ?? []), e]);
  return errors.flatMap((e) => {
    const group = e.keyword === 'required' ? missing.get(e.instancePath)! : [e];
    if (group.length === 1) return [e];
    if (group[0] !== e) return [];
    const keys = group.map((g) => `"${String(g.params.missingProperty)}"`);
    return [{ ...e, keyword: 'required-many', params: { keys } }];
  });
}

const within = (path: string, ancestor: string) => path === ancestor || path.startsWith(`${ancestor}/`);

function messageFor(e: ErrorObject, locator: Locator): string {
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const data = e.data as unknown;
  const name = label(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const key = String(p.missingProperty);
      const hint = firstSentence(parent.properties?.[key]?.description);
      return `missing required key "${key}"${hint ? `: ${hint}` : ''}`;
    }
    case 'required-many':
      return `missing required keys ${(p.keys as string[]).join(', ')}`;
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const near = closest(String(p.additionalProperty), allowed);
      // Name the mapping by its key ("in \"due\""), or by what it is when it is a list item ("in an action").
      const last = e.instancePath.split('/').pop() ?? '';
      const inWhat =
        e.instancePath === ''
          ? ' at the top level'
          : !/^\d+$/.test(last)
            ? ` in ${label(e.instancePath)}`
            : parent.title
              ? ` in ${article(parent.title)}`
              : '';
      if (near) return `unknown key "${key}"${inWhat}; did you mean "${near}"?`;
      return `unknown key "${key}"${inWhat}; allowed keys: ${allowed.join(', ')}`;
    }
    case 'type': {
      const expected = typeWords(p.type);
      if (data === null) return `${name} is empty; it must be ${expected}`;
      const source = locator.range(e.instancePath);
      const quoteHint =
        String(p.type) === 'string' && (typeof data === 'number' || typeof data === 'boolean') && source
          ? ` (quote it: "${locator.text.slice(source[0], source[1])}")`
          : '';
      return `${name} must be ${expected}, not ${valueWords(data)}${quoteHint}`;
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const near = typeof data === 'string' ? didYouMean(data, allowed) : '';
      return `${name} must be one of: ${allowed.join(', ')}; not ${valueWords(data)}${near}`;
    }
    case 'const':
      return parent.errorMessage ?? `${name} must be ${JSON.stringify(p.allowedValue)}`;
    case 'anyOf':
    case 'oneOf': {
      const words = (parent.anyOf ?? []).flatMap((b) => (b.enum ?? []).map(String));
      const near = typeof data === 'string' ? didYouMean(data, words) : '';
      return `${name} ${parent.errorMessage ?? 'does not match any allowed form'}${typeof data === 'string' ? `, not "${data}"` : ''}${near}`;
    }
    case 'pattern':
      return `"${String(data)}" ${parent.patternErrorMessage ?? `does not match ${String(p.pattern)}`}`;
    case 'format':
      return `"${String(data)}" ${parent.errorMessage ?? `is not a valid ${String(p.format)}`}`;
    case 'minLength':
      return Number(p.limit) === 1 ? `${name} is empty` : `${name} must be at least ${Number(p.limit)} characters`;
    case 'maxLength':
      return `${name} is longer than ${Number(p.limit)} characters`;
    case 'minItems':
      return `${name} needs at least ${plural(Number(p.limit), 'item')}`;
    case 'maxItems':
      return `${name} may have at most ${plural(Number(p.limit), 'item')}`;
    case 'uniqueItems': {
      const item = Array.isArray(data) ? data[Number(p.i)] : undefined;
      return `${valueWords(item)} is listed twice in ${name} (also item ${Number(p.j) + 1})`;
    }
    case 'minimum':
      return `${name} must be at least ${Number(p.limit)}`;
    case 'maximum':
      return `${name} must be at most ${Number(p.limit)}`;
    case 'minProperties':
    case 'maxProperties':
      return parent.errorMessage ?? `${name} ${e.message ?? 'has the wrong number of keys'}`;
    case 'dependentRequired':
      return `"${String(p.property)}" needs "${String(p.missingProperty)}" beside it`;
    default:
      return `${name} ${e.message ?? 'is not valid'}`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping (key: value lines)',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function typeWords(type: unknown): string {
  const types = String(type).split(',');
  const words = types.map((t) => (types.length > 1 && t === 'boolean' ? 'true/false' : (TYPE_WORDS[t] ?? t)));
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function valueWords(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 60 ? `${v.slice(0, 57)}...` : v}"`;
  return String(v);
}

function firstSentence(text: string | undefined): string {
  if (!text) return '';
  // A sentence ends at ". " before a capital letter ("e.g. clayton-mo" does not end one).
  const s = text.split(/(?<=[.!?])(?<!e\.g\.|i\.e\.)\s+(?=[A-Z])/)[0]!.replace(/\.$/, '');
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

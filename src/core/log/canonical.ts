/**
 * Canonical JSON (RFC 8785 / JCS) for log entries, via the `canonicalize` package. That package
 * silently drops `undefined` members, turns NaN into an error only sometimes and calls `toJSON`
 * (docs/development.md#toolchain-notes), so every value is checked first: only what JSON carries faithfully — plain
 * objects, dense arrays, finite numbers other than -0, booleans, null and well-formed strings —
 * may be hashed, or a value could be hashed as something other than what the code meant.
 */
import canonicalize from 'canonicalize';

const MAX_DEPTH = 32;

/** Why `value` cannot be carried faithfully by JSON, or undefined when it can. */
export function jsonProblem(value: unknown, path = '$', depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return `${path}: nested more than ${MAX_DEPTH} levels (or circular)`;
  switch (typeof value) {
    case 'string':
      return hasLoneSurrogate(value) ? `${path}: string has a lone surrogate` : undefined;
    case 'boolean':
      return undefined;
    case 'number':
      if (!Number.isFinite(value)) return `${path}: ${value} is not a JSON number`;
      if (Object.is(value, -0)) return `${path}: -0 would be written as 0`;
      return undefined;
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        if (Object.keys(value).length !== value.length) return `${path}: array has holes or extra properties`;
        for (let k = 0; k < value.length; k++) {
          const p = jsonProblem(value[k], `${path}[${k}]`, depth + 1);
          if (p) return p;
        }
        return undefined;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return `${path}: not a plain object`;
      if (Object.getOwnPropertySymbols(value).length > 0) return `${path}: has symbol keys`;
      const names = Object.getOwnPropertyNames(value);
      if (names.length !== Object.keys(value).length) return `${path}: has hidden (non-enumerable) properties`;
      for (const key of names) {
        const where = `${path}.${key}`;
        if (hasLoneSurrogate(key)) return `${where}: key has a lone surrogate`;
        const desc = Object.getOwnPropertyDescriptor(value, key)!;
        if (!('value' in desc)) return `${where}: is a getter, not data`;
        if (desc.value === undefined) return `${where}: is undefined (JSON would drop it)`;
        const p = jsonProblem(desc.value, where, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    default:
      // undefined, function, symbol, bigint
      return `${path}: a ${typeof value} is not a JSON value`;
  }
}

function hasLoneSurrogate(text: string): boolean {
  // A quick exit for the common case: no surrogates at all.
  if (!/[\ud800-\udfff]/.test(text)) return false;
  return /[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
}

/** RFC 8785 text of `value`; throws a TypeError naming the first value JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  const problem = jsonProblem(value);
  if (problem) throw new TypeError(`cannot write as canonical JSON: ${problem}`);
  return canonicalize(value) as string;
}

/**
 * `getValidator('playbook')` gives the ajv validate function for `schemas/playbook.schema.json`.
 *
 * Normally it loads the standalone validator the build precompiled into
 * `dist/validators/<name>.cjs` (~20 ms in a fresh process instead of ~110 ms compiling; docs/design.md#budgets).
 * When that file is missing, or older than its schema (a schema edited without a rebuild), it
 * compiles the schema at run time with the same options (see compile.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import {
  compileEntryType,
  compilePart,
  compileSchemas,
  ENTRY_SCHEMA,
  QUICK_PARTS,
  QUICK_SCHEMAS,
  validatorFileName,
  type Variant,
} from './compile.js';
import { packageRoot } from './package-root.js';

export interface Validator {
  (data: unknown): boolean;
  /** Set after a failed call: every problem (allErrors), each with its schema (verbose). */
  errors?: ErrorObject[] | null;
}

const cache = new Map<string, Validator>();

/** Which validator is in use, for tests and `--debug`. */
export type ValidatorSource = 'precompiled' | 'compiled at run time';
const sources = new Map<string, ValidatorSource>();

/**
 * `variant: 'quick'` (only for the schemas in QUICK_SCHEMAS, see compile.ts): first problem only,
 * formats by shape; for checking cic's own output, never input.
 */
export function getValidator(name: string, variant: Variant = 'full'): Validator {
  const key = validatorFileName(name, variant);
  const hit = cache.get(key);
  if (hit) return hit;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`not a schema name: ${name}`);
  const part = variant === 'quick' ? QUICK_PARTS[name] : undefined;
  if (variant === 'quick' && !part && !QUICK_SCHEMAS.includes(name))
    throw new Error(`schema ${name} has no quick validator`);
  // One event type's entries (`log-entry-action-completed`, compile.ts): the entry schema narrowed.
  const entryType = name.startsWith(`${ENTRY_SCHEMA}-`);
  const root = packageRoot();
  const schemaFile = join(root, 'schemas', `${part?.schema ?? (entryType ? ENTRY_SCHEMA : name)}.schema.json`);
  const compiledFile = join(root, 'dist', 'validators', `${key}.cjs`);
  let validate: Validator;
  if (isUpToDate(compiledFile, schemaFile)) {
    const required = createRequire(import.meta.url)(compiledFile) as Validator | { default: Validator };
    validate = typeof required === 'function' ? required : required.default;
    sources.set(key, 'precompiled');
  } else {
    if (!existsSync(schemaFile)) throw new Error(`no schema ${schemaFile}`);
    const compiled = part
      ? compilePart(join(root, 'schemas'), name)
      : entryType
        ? compileEntryType(join(root, 'schemas'), name)
        : compileSchemas(join(root, 'schemas'), name, variant).get(name);
    if (!compiled) throw new Error(`schema ${schemaFile} did not compile`);
    validate = compiled.validate;
    sources.set(key, 'compiled at run time');
  }
  cache.set(key, validate);
  return validate;
}

export function validatorSource(name: string, variant: Variant = 'full'): ValidatorSource | undefined {
  return sources.get(validatorFileName(name, variant));
}

function isUpToDate(compiled: string, schema: string): boolean {
  try {
    const c = statSync(compiled);
    try {
      return statSync(schema).mtimeMs <= c.mtimeMs;
    } catch {
      return true; // an installed package may ship dist/ without editing schemas/: the build is the truth
    }
  } catch {
    return false;
  }
}

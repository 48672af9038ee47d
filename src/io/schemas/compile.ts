/**
 * How cic's JSON Schemas are compiled, in one place, for both the build step
 * (`scripts/build-validators.mjs` writes ajv standalone validators into dist/validators/) and the
 * run-time fallback in `validators.ts`. Same options either way, so a precompiled validator and a
 * freshly compiled one behave alike.
 *
 * ajv is loaded with `require` inside the functions: importing this module costs nothing, and
 * only a process that really compiles pays for ajv (~110 ms, docs/development.md#toolchain-notes).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AnySchemaObject, Options, ValidateFunction } from 'ajv';

/**
 * allErrors: report every problem, not the first. ownProperties: an inherited property never
 * satisfies `required` (docs/development.md#toolchain-notes). strict: typos in a schema are build errors; union types
 * (`type: [string, number]`) are plain JSON Schema, so they are allowed. verbose: each error
 * carries its schema, so messages can use the schema's own `errorMessage` text. discriminator: a
 * `oneOf` tagged by a property (the log entry's `type`) goes straight to its branch; trying all
 * fourteen was most of the time a 100,000-entry log took to validate.
 */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  ownProperties: true,
  strict: true,
  allowUnionTypes: true,
  verbose: true,
  discriminator: true,
  code: { source: true },
};

/**
 * The quick variant of a schema's validator, for checking cic's OWN output (the report) before
 * it is written, where a failure is a bug in cic and the full validator is then run for the
 * message: it stops at the first problem and checks string formats by shape only (ajv-formats'
 * "fast" mode: a date-time's digits and separators, not whether February has a 30th). Full
 * format checks are most of the time a 100,000-row report takes to validate, and every time in
 * it was made from a real instant by cic itself. Never for input (playbooks, log entries).
 */
export const QUICK_OPTIONS: Options = { ...AJV_OPTIONS, allErrors: false, verbose: false };

/** The schemas that also get a quick validator (`dist/validators/<name>.quick.cjs`). */
export const QUICK_SCHEMAS: readonly string[] = ['report'];

/**
 * Parts of a schema with a quick validator of their own, by name: a report's activity row, which a
 * report streamed from a long log checks one at a time (src/io/report/check.ts).
 */
export const QUICK_PARTS: Readonly<Record<string, { schema: string; ref: string }>> = {
  'report-activity-row': { schema: 'report', ref: '#/$defs/ActivityRow' },
};

/** The quick validator of one of QUICK_PARTS, compiled with its whole schema (its refs resolve there). */
export function compilePart(dir: string, name: string): { validate: ValidateFunction; ajv: AjvLike } {
  const part = QUICK_PARTS[name];
  const file = part && schemaFiles(dir).find((s) => s.name === part.schema);
  const whole = part && compileSchemas(dir, part.schema, 'quick').get(part.schema);
  const validate = file && whole?.ajv.getSchema(`${keyOf(file)}${part.ref}`);
  if (!whole || !validate) throw new Error(`no schema part ${name}`);
  return { validate, ajv: whole.ajv };
}

/**
 * The log entry schema narrowed to one event type, as a validator of its own
 * (`log-entry-<type>`, the type's dots as dashes: `log-entry-action-completed`): the envelope,
 * and that type's data alone. A recording command writes one or two types, and the whole entry
 * validator is ~240 kB of code for all of them: loading it cost more than the rest of checking an
 * entry. Its verdict is the whole schema's (test/io/log/schema.test.ts), with full format checks;
 * it stops at the first problem, and for a message the whole validator is run
 * (src/io/log/entry-schema.ts).
 */
export const ENTRY_SCHEMA = 'log-entry';

export const entryTypeValidatorName = (type: string) => `${ENTRY_SCHEMA}-${type.replaceAll('.', '-')}`;

/** The event types the entry schema's branches name (its `oneOf`, tagged by `type`). */
function entryTypes(schema: AnySchemaObject): string[] {
  return ((schema.oneOf ?? []) as AnySchemaObject[])
    .map((branch) => (branch.properties as { type?: { const?: unknown } } | undefined)?.type?.const)
    .filter((t): t is string => typeof t === 'string');
}

/** The validator of one event type's entries (`entryTypeValidatorName`), compiled from the entry schema in `dir`. */
export function compileEntryType(dir: string, name: string): { validate: ValidateFunction; ajv: AjvLike } {
  const file = schemaFiles(dir).find((s) => s.name === ENTRY_SCHEMA);
  const type = file && entryTypes(file.schema).find((t) => entryTypeValidatorName(t) === name);
  if (!file || type === undefined) throw new Error(`no entry type validator ${name}`);
  const { oneOf, discriminator: _, $defs, ...envelope } = file.schema;
  const branch = (oneOf as AnySchemaObject[]).find(
    (b) => (b.properties as { type: { const: string } }).type.const === type,
  )!;
  // Only the definitions it refers to: the standalone code embeds them.
  const defs = ($defs ?? {}) as Record<string, unknown>;
  const used = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object')
      for (const [key, v] of Object.entries(value)) {
        const name = key === '$ref' && typeof v === 'string' ? /^#\/\$defs\/(.+)$/.exec(v)?.[1] : undefined;
        if (name !== undefined && !used.has(name)) {
          used.add(name);
          walk(defs[name]);
        } else walk(v);
      }
  };
  walk([envelope, branch]);
  const narrowed = { ...envelope, $defs: Object.fromEntries([...used].map((d) => [d, defs[d]])), allOf: [branch] };
  // Its verdict alone is used: it stops at the first problem, and keeps no schema in its errors.
  const ajv = createAjv(draftOf(file.schema), 'full', { ...AJV_OPTIONS, allErrors: false, verbose: false });
  const $id = keyOf(file).replace(/(\.schema\.json)?$/, `.${type}$1`);
  const validate = ajv.compile({ ...narrowed, $id });
  return { validate, ajv };
}

export type Variant = 'full' | 'quick';

/**
 * Annotation keywords editors understand (VS Code's YAML and JSON support read
 * `markdownDescription`, `errorMessage`, `patternErrorMessage`, `defaultSnippets`). ajv's strict
 * mode would reject them as unknown; they validate nothing.
 */
const ANNOTATIONS = [
  'markdownDescription',
  'errorMessage',
  'patternErrorMessage',
  'defaultSnippets',
  'deprecationMessage',
];

export interface SchemaFile {
  /** `schemas/<name>.schema.json` */
  name: string;
  file: string;
  schema: AnySchemaObject;
}

export function schemaFiles(dir: string): SchemaFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      return {
        name: f.slice(0, -'.schema.json'.length),
        file,
        schema: JSON.parse(readFileSync(file, 'utf8')) as AnySchemaObject,
      };
    });
}

type Draft = '2020-12' | 'draft-07';

function draftOf(schema: AnySchemaObject): Draft {
  const s = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (s === '' || s.includes('2020-12')) return '2020-12';
  if (s.includes('draft-07')) return 'draft-07';
  throw new Error(`unsupported $schema ${s}: use https://json-schema.org/draft/2020-12/schema`);
}

interface AjvLike {
  addSchema(schema: AnySchemaObject, key?: string): unknown;
  compile(schema: AnySchemaObject): ValidateFunction;
  addKeyword(def: { keyword: string; schemaType?: string | string[] }): unknown;
  getSchema(key: string): ValidateFunction | undefined;
}

function createAjv(draft: Draft, variant: Variant, options?: Options): AjvLike {
  const require = createRequire(import.meta.url);
  const AjvClass = (draft === '2020-12' ? require('ajv/dist/2020') : require('ajv')).default as new (
    o: Options,
  ) => AjvLike;
  const addFormats = require('ajv-formats').default as (ajv: AjvLike, o: { mode: 'fast' | 'full' }) => void;
  const ajv = new AjvClass(options ?? (variant === 'quick' ? QUICK_OPTIONS : AJV_OPTIONS));
  addFormats(ajv, { mode: variant === 'quick' ? 'fast' : 'full' });
  for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword });
  return ajv;
}

/** The key a schema is registered under: its `$id`, else its file name. */
const keyOf = (s: SchemaFile) => (typeof s.schema.$id === 'string' ? s.schema.$id : `${s.name}.schema.json`);

/**
 * Compile every schema in `dir`. All schemas of one draft share one ajv instance, so one schema may
 * `$ref` another by its `$id` (or file name when it has none).
 */
export function compileSchemas(
  dir: string,
  only?: string,
  variant: Variant = 'full',
): Map<string, { validate: ValidateFunction; ajv: AjvLike }> {
  const files = schemaFiles(dir);
  const instances = new Map<Draft, AjvLike>();
  for (const s of files) {
    const draft = draftOf(s.schema);
    let ajv = instances.get(draft);
    if (!ajv) instances.set(draft, (ajv = createAjv(draft, variant)));
    if (typeof s.schema.$id === 'string') ajv.addSchema(s.schema);
    else ajv.addSchema(s.schema, keyOf(s));
  }
  const out = new Map<string, { validate: ValidateFunction; ajv: AjvLike }>();
  for (const s of files) {
    if (only !== undefined && s.name !== only) continue;
    const ajv = instances.get(draftOf(s.schema))!;
    let validate: ValidateFunction | undefined;
    try {
      validate = ajv.getSchema(keyOf(s));
    } catch (err) {
      throw new Error(`${s.file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!validate) throw new Error(`${s.file}: did not compile`);
    out.set(s.name, { validate, ajv });
  }
  return out;
}

/** The file a validator is precompiled into, without `.cjs`: `report`, `report.quick`. */
export const validatorFileName = (name: string, variant: Variant) => (variant === 'quick' ? `${name}.quick` : name);

/**
 * The CommonJS source of a standalone validator for each schema in `dir`, of the quick variant for
 * those in QUICK_SCHEMAS and QUICK_PARTS, and of each event type's entries (for the build), keyed
 * by `validatorFileName`.
 */
export function standaloneSources(dir: string): Map<string, string> {
  const require = createRequire(import.meta.url);
  const standaloneCode = require('ajv/dist/standalone').default as (ajv: AjvLike, fn: ValidateFunction) => string;
  const out = new Map<string, string>();
  for (const [name, { validate, ajv }] of compileSchemas(dir)) out.set(name, standaloneCode(ajv, validate));
  for (const name of QUICK_SCHEMAS) {
    const quick = compileSchemas(dir, name, 'quick').get(name);
    if (quick) out.set(validatorFileName(name, 'quick'), standaloneCode(quick.ajv, quick.validate));
  }
  for (const name of Object.keys(QUICK_PARTS)) {
    const part = compilePart(dir, name);
    out.set(validatorFileName(name, 'quick'), standaloneCode(part.ajv, part.validate));
  }
  const entry = schemaFiles(dir).find((f) => f.name === ENTRY_SCHEMA);
  for (const name of entry ? entryTypes(entry.schema).map(entryTypeValidatorName) : []) {
    const typed = compileEntryType(dir, name);
    out.set(name, standaloneCode(typed.ajv, typed.validate));
  }
  return out;
}

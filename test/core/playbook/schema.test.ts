/**
 * The published playbook schema: it compiles in ajv's strict mode, describes every property,
 * closes every object, names exactly the model's enums, and the precompiled validator behaves as
 * one compiled at run time.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionKind, FactType, Weekday } from '../../../src/core/playbook/model.js';
import { parseSafeYaml } from '../../../src/core/playbook/yaml-safe.js';
import { compileSchemas } from '../../../src/io/schemas/compile.js';
import { packageRoot } from '../../../src/io/schemas/package-root.js';
import { getValidator } from '../../../src/io/schemas/validators.js';

type Node = Record<string, unknown>;
const root = packageRoot();
const schema = JSON.parse(readFileSync(join(root, 'schemas/playbook.schema.json'), 'utf8')) as Node;
const fixture = parseSafeYaml(readFileSync(join(root, 'test/core/playbook/fixtures/minimal.yaml'), 'utf8')).data;

/** Every subschema, with its JSON Pointer. */
function walk(node: unknown, path: string, visit: (n: Node, path: string) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`, visit));
  visit(node as Node, path);
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' || k === '$defs' || k === 'dependentSchemas') {
      for (const [name, sub] of Object.entries(v as Node)) walk(sub, `${path}/${k}/${name}`, visit);
    } else if (['items', 'anyOf', 'not'].includes(k)) walk(v, `${path}/${k}`, visit);
  }
}

describe('the schema', () => {
  test('has $id, title and the draft 2020-12 $schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/^https:\/\/.+\/playbook\.schema\.json$/);
    expect(typeof schema.title).toBe('string');
  });

  test('every property has a description, and every object schema is closed', () => {
    const missing: string[] = [];
    const open: string[] = [];
    let properties = 0;
    walk(schema, '#', (n, path) => {
      if (path.split('/').at(-2) === 'properties') properties++;
      if (path.split('/').at(-2) === 'properties' && typeof n.description !== 'string') missing.push(path);
      if (n.type === 'object' && n.additionalProperties !== false) open.push(path);
    });
    expect(properties).toBeGreaterThan(80); // the walk reaches them all
    expect(missing).toEqual([]);
    expect(open).toEqual([]);
  });

  test("its enums are the model's", () => {
    const defs = schema.$defs as Record<string, Node>;
    const props = (def: string) => defs[def]!.properties as Record<string, Node>;
    // `satisfies` and the Exclude checks make tsc fail if the model gains a value these lists lack.
    const kinds = [
      'notification',
      'statement',
      'press-conference',
      'briefing',
      'records',
      'task',
    ] as const satisfies readonly ActionKind[];
    const types = ['text', 'number', 'boolean', 'date-time', 'choice'] as const satisfies readonly FactType[];
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];
    const complete: [
      Exclude<ActionKind, (typeof kinds)[number]>,
      Exclude<FactType, (typeof types)[number]>,
      Exclude<Weekday, (typeof days)[number]>,
    ] extends [never, never, never]
      ? true
      : false = true;
    expect(complete).toBe(true);
    expect(props('action').kind!.enum).toEqual(kinds);
    expect(props('fact').type!.enum).toEqual(types);
    expect(defs.weekday!.enum).toEqual(days);
    expect((defs.anchor!.anyOf as Node[])[0]!.enum).toEqual(['occurred', 'declared', 'tier_set', 'closed', 'received']);
  });
});

describe('validators', () => {
  test('the fixture is valid; a broken copy is not (negative control)', () => {
    const validate = getValidator('playbook');
    expect(validate(fixture)).toBe(true);
    expect(validate({ ...(fixture as Node), cic: 2, extra: true })).toBe(false);
    expect(validate.errors!.map((e) => e.keyword).sort()).toEqual(['additionalProperties', 'const']);
  });

  test('an inherited property does not satisfy required (ownProperties)', () => {
    const validate = getValidator('playbook');
    const inherited = Object.create(fixture as object) as Node;
    expect(validate(inherited)).toBe(false);
  });

  test('precompiled and run-time compiled validators give the same errors', () => {
    const runtime = compileSchemas(join(root, 'schemas'), 'playbook').get('playbook')!.validate;
    const precompiled = getValidator('playbook');
    const broken = JSON.parse(JSON.stringify(fixture)) as Node;
    (broken.actions as Node[])[0]!.kind = 'memo';
    (broken.actions as Node[])[1]!.due = { after: 'delcared', within: '4 hours' };
    (broken.roles as Node[])[0]!.nickname = 'boss';
    expect(precompiled(broken)).toBe(false);
    expect(runtime(broken)).toBe(false);
    const strip = (errs: typeof runtime.errors) =>
      errs!.map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
    expect(strip(precompiled.errors)).toEqual(strip(runtime.errors));
  });

  test('every schema in schemas/ compiles in strict mode and has a validator', () => {
    const names = readdirSync(join(root, 'schemas'))
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => f.slice(0, -'.schema.json'.length));
    expect(names).toContain('playbook');
    const compiled = compileSchemas(join(root, 'schemas'));
    for (const name of names) {
      expect(compiled.has(name)).toBe(true);
      expect(typeof getValidator(name)).toBe('function');
    }
  });

  test('a name that is not a schema name is refused', () => {
    expect(() => getValidator('../package')).toThrow('not a schema name');
  });
});

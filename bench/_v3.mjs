import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const Ajv = require('ajv/dist/2020').default; const addFormats = require('ajv-formats').default;
const variant = process.argv[2];
const schema = JSON.parse(readFileSync('schemas/log-entry.schema.json','utf8'));
const pairs = schema.allOf.map(x => [x.if.properties.type.const, x.then.properties.data.$ref]);
if (variant === 'disc') {
  delete schema.allOf;
  schema.discriminator = { propertyName: 'type' };
  schema.oneOf = pairs.map(([t, ref]) => ({ properties: { type: { const: t }, data: { $ref: ref } } }));
}
if (variant === 'ifonly') {
  // type-only if, then with required
  schema.allOf = pairs.map(([t, ref]) => ({ if: { properties: { type: { const: t } } }, then: { properties: { data: { $ref: ref } } } }));
}
const ajv = new Ajv({ allErrors: true, ownProperties: true, strict: true, allowUnionTypes: true, verbose: true, discriminator: true });
addFormats(ajv);
for (const k of ['markdownDescription', 'errorMessage', 'patternErrorMessage', 'defaultSnippets', 'deprecationMessage']) ajv.addKeyword({keyword:k});
const validate = ajv.compile(schema);
const lines = readFileSync('/tmp/big/incidents/2026-0001/log.jsonl', 'utf8').trimEnd().split('\n');
const entries = lines.map(l => JSON.parse(l));
let t = performance.now(); let ok = 0; for (const e of entries) if (validate(e)) ok++; const first = performance.now()-t;
t = performance.now(); for (const e of entries) if (validate(e)) ok++; 
console.log(variant ?? 'full', ok, first.toFixed(0), (performance.now()-t).toFixed(0));
const bad = structuredClone(entries[5]); bad.data = { nope: 1 }; validate(bad); console.log(JSON.stringify(validate.errors.map(e=>[e.instancePath,e.message])).slice(0,300));

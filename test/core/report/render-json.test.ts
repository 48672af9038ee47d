import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { renderJson } from '../../../src/core/report/render-json.js';
import { getValidator } from '../../../src/io/schemas/validators.js';
import { OUTCOMES, type Report } from '../../../src/core/report/model.js';
import { HOSTILE, sampleReport } from './fixtures.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/report.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true, ownProperties: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}
const validate = validator();

/** Every `properties` entry anywhere in the schema, with its JSON pointer. */
function properties(node: unknown, path = '#'): [string, Record<string, unknown>][] {
  if (typeof node !== 'object' || node === null) return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, sub] of Object.entries(value))
        out.push([`${path}/properties/${name}`, sub as Record<string, unknown>]);
    }
    out.push(...properties(value, `${path}/${key}`));
  }
  return out;
}
const undescribed = (s: unknown) =>
  properties(s)
    .filter(([, sub]) => typeof sub.description !== 'string' || sub.description === '')
    .map(([p]) => p);

describe('schemas/report.schema.json', () => {
  test('is draft 2020-12 and describes every property', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(properties(schema).length).toBeGreaterThan(100);
    expect(undescribed(schema)).toEqual([]);
  });

  test('the description check finds an undescribed property (negative control)', () => {
    const copy = structuredClone(schema) as { properties: Record<string, Record<string, unknown>> };
    delete copy.properties.time_zone!.description;
    expect(undescribed(copy)).toEqual(['#/properties/time_zone']);
  });

  test('closes every object (additionalProperties: false)', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null) return;
      const o = node as Record<string, unknown>;
      if (o.type === 'object' && o.additionalProperties !== false) open.push(path);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    walk(schema, '#');
    expect(open).toEqual([]);
  });

  test('its outcome list is the model one', () => {
    const defs = schema.$defs as Record<string, { properties: Record<string, { enum?: string[] }> }>;
    expect(defs.ComplianceRow!.properties.outcome!.enum).toEqual([...OUTCOMES]);
  });
});

describe('renderJson', () => {
  const report = sampleReport();
  const text = renderJson(report);

  test('is the report, pretty-printed, and valid against the schema', () => {
    expect(text).toMatch(/^\{\n {2}"cic_report": 1,\n/);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as Report;
    expect(parsed).toEqual(report);
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
  });

  test('writes each activity row on a line of its own', () => {
    const lines = text.split('\n');
    const open = lines.indexOf('  "activity": [');
    expect(open).toBeGreaterThan(0);
    const rows = lines.slice(open + 1, open + 1 + report.activity.length);
    expect(rows.map((l) => JSON.parse(l.replace(/,$/, '')) as unknown)).toEqual(report.activity);
    expect(lines[open + 1 + report.activity.length]).toMatch(/^ {2}\],?$/);
    const empty = renderJson({ ...report, activity: [] });
    expect(empty).toMatch(/\n {2}"activity": \[\],?\n/);
    expect((JSON.parse(empty) as Report).activity).toEqual([]);
  });

  test('keeps hostile text exact (JSON escapes control characters itself)', () => {
    expect(text).toContain('"title": "Traffic stop video <script>alert(\\"x\\")</script> | \\"Loop\\""');
    expect(text).toContain('\\u001b[31mRED ALERT');
    expect(text).toContain('approved: NO\\rapproved: YES');
    expect((JSON.parse(text) as Report).activity[5]!.activity).toBe(`${HOSTILE.ansi} ${HOSTILE.cr}`);
  });

  test('writes bidi and invisible characters as \\u escapes, losslessly', () => {
    expect(text).not.toMatch(/[\u202e\u2028\u200b\u0085]/);
    expect(text).toContain('invoice\\u202egpj.exe');
    const r = sampleReport();
    r.header.title = 'a\u2028b\u200bc\u0085d\u202e';
    expect((JSON.parse(renderJson(r)) as Report).header.title).toBe(r.header.title);
  });

  const broken: [string, (r: Record<string, any>) => void][] = [
    ['an unknown property', (r) => (r.header.extra = 1)],
    ['a missing property', (r) => delete r.integrity.head],
    ['an undefined outcome', (r) => (r.compliance[0].outcome = 'fine')],
    ['a time without an offset', (r) => (r.compliance[0].due = '2026-03-07T22:15:00')],
    ['a date instead of a time', (r) => (r.header.declared_at = '2026-03-07')],
    ['a short hash', (r) => (r.header.playbook.sha256 = 'abc')],
    ['a bad head digest', (r) => (r.integrity.head = 'abc')],
    ['negative minutes', (r) => (r.compliance[1].late_by_minutes = -3)],
    ['a missing milestone', (r) => r.figures.milestones.pop()],
    ['an absent value left out instead of null', (r) => delete r.compliance[0].reason],
    ['a rate above 1', (r) => (r.figures.on_time_rate = 1.5)],
    ['an object as a fact value', (r) => (r.fact_changes[0].before = { x: 1 })],
  ];
  test.each(broken)('rejects %s (negative control)', (_name, breakIt) => {
    const copy = JSON.parse(text) as Record<string, any>;
    breakIt(copy);
    expect(validate(copy)).toBe(false);
  });

  test("the project's validator (getValidator('report')) agrees", () => {
    const project = getValidator('report');
    expect(project(JSON.parse(text)) ? [] : project.errors).toEqual([]);
    const copy = JSON.parse(text) as Record<string, any>;
    copy.compliance[0].outcome = 'fine';
    expect(project(copy)).toBe(false);
  });

  // The report command checks with the quick variant first: it must pass what the full one
  // passes and catch every break above (only a date that cannot exist is left to the full one).
  test.each(broken)('the quick validator also rejects %s', (_name, breakIt) => {
    const quick = getValidator('report', 'quick');
    expect(quick(JSON.parse(text))).toBe(true);
    const copy = JSON.parse(text) as Record<string, any>;
    breakIt(copy);
    expect(quick(copy)).toBe(false);
  });

  test('only the full validator knows that February has no 30th', () => {
    const copy = JSON.parse(text) as Record<string, any>;
    copy.compliance[0].due = '2026-02-30T10:00:00-06:00';
    expect(getValidator('report', 'quick')(copy)).toBe(true);
    expect(getValidator('report')(copy)).toBe(false);
  });
});

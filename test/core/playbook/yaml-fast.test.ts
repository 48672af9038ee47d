/**
 * The quick way of reading a playbook (yaml-fast.ts) against the careful way (yaml-safe.ts): where
 * the quick way gives data at all, the careful way must give the same data without a problem, and
 * a whole check must give the same playbook and frozen source. Checked on every playbook in the
 * repository and the tests, on small edits of them, and on generated scalars and layouts; and the
 * bundled playbook must take the quick way (that is what the validate budget in `npm run bench`
 * rests on).
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filePairRange } from '../../../src/core/playbook/inline-templates.js';
import { FAST_SCAN_DEPTH, parseFastYaml, plainValue } from '../../../src/core/playbook/yaml-fast.js';
import { MAX_DEPTH, parseSafeYaml } from '../../../src/core/playbook/yaml-safe.js';
import { checkPlaybookText, quickCheck, templateReader } from '../../../src/io/playbook/load.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundled = join(root, 'playbooks', 'clayton-mo.yaml');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}
const all = [...yamlFiles(join(root, 'playbooks')), ...yamlFiles(join(root, 'test'))];
const examples = [bundled, ...yamlFiles(join(root, 'playbooks', 'examples')), join(root, 'playbooks', 'generic.yaml')];

/** The quick way agrees with the careful way, or declines. */
function agrees(text: string): boolean {
  const fast = parseFastYaml(text);
  if (!fast) return true;
  const safe = parseSafeYaml(text);
  expect(safe.problems).toEqual([]);
  expect(fast.data).toEqual(safe.data);
  for (const [i, range] of fast.templateFiles) expect(range).toEqual(filePairRange(safe.doc!, i));
  return true;
}

test("within its limits, the pre-scan's depth stays within MAX_DEPTH", () => {
  expect(FAST_SCAN_DEPTH).toBeLessThanOrEqual(MAX_DEPTH);
});

describe('the playbooks in the repository and the tests', () => {
  test.each(examples.map((f) => [f.slice(root.length)]))(
    '%s takes the quick way, with the same result',
    async (rel) => {
      const file = join(root, rel);
      const text = readFileSync(file, 'utf8');
      expect(quickCheck(text, templateReader(file))).toBeDefined();
      const careful = await checkPlaybookText(text, file, templateReader(file), { quick: false });
      expect(careful.problems).toEqual([]);
      expect(await checkPlaybookText(text, file, templateReader(file))).toEqual(careful);
    },
  );

  test(`all ${all.length} .yaml files: the same data and the same check, whichever way`, async () => {
    expect(all.length).toBeGreaterThan(100);
    for (const file of all) {
      const text = readFileSync(file, 'utf8');
      agrees(text);
      const reader = templateReader(file);
      expect([file, await checkPlaybookText(text, file, reader)]).toEqual([
        file,
        await checkPlaybookText(text, file, reader, { quick: false }),
      ]);
    }
  });
});

describe('what the quick way leaves to the careful way', () => {
  const base = 'cic: 1\nid: x\n';
  test.each([
    ['a tag', `${base}title: !!str 5\n`],
    ['an anchor and alias', `${base}a: &x [1]\nb: *x\n`],
    ['a directive js-yaml would ignore', `%FOO bar\n---\n${base}`],
    ['a merge key', `${base}a: {b: 1}\n<<: {c: 2}\n`],
    ['a __proto__ key', `${base}__proto__: {polluted: true}\n`],
    ['a key that is a number', `${base}1.0: x\n`],
    ['a key that is a list', `${base}[a]: x\n`],
    ['a duplicate key', `${base}id: y\n`],
    ['two documents', `${base}---\n${base}`],
    ['a root that is a list', '- a\n'],
    ['an empty text', '# only a comment\n'],
    ['a line of spaces after a folded scalar', `${base}d: >1 \n  -0\n  \n\n`],
    ['a tab-only line after a block scalar', `${base}d: >\n  a\n\t\nt: 1\n`],
    ['a lone CR', `${base}t: a\rb\n`],
    ['a key over 1,000 characters', `${base}${'k'.repeat(1001)}: 1\n`],
    ['nesting deeper than FAST_DEPTH', `${base}n: ${'['.repeat(17)}${']'.repeat(17)}\n`],
    ['indentation deeper than FAST_INDENT', `${base}d: |\n${' '.repeat(29)}deep\n`],
    ['a syntax error', `${base}t: [a\n`],
  ])('%s', (_what, text) => {
    expect(parseFastYaml(text)).toBeUndefined();
  });
});

test('plain scalars resolve as the YAML 1.2 core schema of the yaml library does', () => {
  const words = [
    ...['', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'FALSE', 'yes', 'on'],
    ...['0', '-0', '+12', '007', '0o17', '0o8', '0x1F', '0X1F', '-0x1', '1_000', '0b11', '1.5', '1.', '.5', '-.5'],
    ...['1e3', '1E-3', '.5e2', '1.e2', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'nan', 'inf', '1:30', 'Tier 1'],
  ];
  for (const w of words) {
    const safe = parseSafeYaml(`v: ${w}\n`).data as { v: unknown };
    expect([w, plainValue(w)]).toEqual([w, safe.v]);
  }
});

const edits = fc.array(
  fc.tuple(
    fc.nat(),
    fc.constantFrom(
      ...[' ', '\n', '\t', '-', ':', '#', '[', ']', '{', '}', ',', "'", '"', '?', '|', '>', '&', '*', '!', '%'],
      ...['\\', '0', '~', '- ', ': ', '\n  ', '...', '---', '1e3', 'true', 'null', '\r\n', 'é', '', '', ''],
    ),
    fc.integer({ min: 0, max: 3 }),
  ),
  { minLength: 1, maxLength: 3 },
);

test('small edits of the example playbooks: the quick way agrees or declines', () => {
  const texts = examples.map((f) => readFileSync(f, 'utf8'));
  fc.assert(
    fc.property(fc.nat(texts.length - 1), edits, (which, changes) => {
      let text = texts[which]!;
      for (const [at, insert, remove] of changes) {
        const p = at % (text.length + 1);
        text = text.slice(0, p) + insert + text.slice(p + remove);
      }
      return agrees(text);
    }),
    { numRuns: 300, seed: 20261203 },
  );
});

const piece = fc.constantFrom(
  ...['a', 'b c', ' ', '  ', '\t', '\n', '\n\n', '\n ', '\n   ', '\n\t', '#', ' #', ':', ': ', '-', '- ', '\\'],
  ...['"', "'", "''", 'é', '{', '}', '[', ']', ',', '\\x41', '\\u00e9', '\\N', '\\_', '\\ ', '\\t', '\\\n', '\\/'],
  ...['1', '0x1F', '0o17', '.inf', '.nan', 'True', 'NULL', '~', '1e3', '-0', '007', '1_000', '?', '|', '>', '...'],
);
const scalar = fc.tuple(
  fc.array(piece, { minLength: 1, maxLength: 6 }),
  fc.constantFrom('plain', 'single', 'double', '|', '>', '|-', '>+', '|2', '>1-'),
  fc.integer({ min: 0, max: 2 }),
);

test('generated scalars in every style: the quick way agrees or declines', () => {
  fc.assert(
    fc.property(fc.array(scalar, { minLength: 1, maxLength: 4 }), fc.boolean(), (values, crlf) => {
      const lines = values.map(([pieces, style, extra], i) => {
        const content = pieces.join('');
        const cont = (indent: number) => content.replace(/\n/g, `\n${' '.repeat(indent + extra)}`);
        if (style === 'plain') return `k${i}: ${cont(2)}`;
        if (style === 'single') return `k${i}: '${cont(2)}'`;
        if (style === 'double') return `k${i}: "${cont(2)}"`;
        return `k${i}: ${style}\n  ${cont(2)}`;
      });
      const text = `${lines.join('\n')}\n`;
      return agrees(crlf ? text.replace(/\n/g, '\r\n') : text);
    }),
    { numRuns: 500, seed: 20261203 },
  );
});

// `npm run bench`: every performance budget of docs/design.md#budgets, measured in one run.
// Exits 1 when a budget is over, so it can gate a release; it is never part of `npm test`.
// `npm run bench -- pg incident` runs only the suites named.
import { existsSync } from 'node:fs';
import { summary } from './lib.mjs';

if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}

const all = ['cli', 'log', 'incident', 'report', 'scale', 'pg'];
const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !all.includes(s));
if (unknown.length) {
  console.error(`unknown bench suite ${unknown.join(', ')}; the suites: ${all.join(', ')}`);
  process.exit(2);
}
const suites = (asked.length ? all.filter((s) => asked.includes(s)) : all).map((s) => `./${s}.mjs`);
for (const suite of suites) {
  if (!existsSync(new URL(suite, import.meta.url))) continue;
  const { run } = await import(suite);
  await run();
}
process.exitCode = summary() ? 0 : 1;

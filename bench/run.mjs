// `npm run bench`: every performance budget of DESIGN §6 and the issues, measured in one run.
// Exits 1 when a budget is over, so it can gate a release; it is never part of `npm test`.
import { existsSync } from 'node:fs';
import { summary } from './lib.mjs';

if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}

const suites = ['./cli.mjs', './log.mjs', './incident.mjs', './report.mjs', './scale.mjs'];
for (const suite of suites) {
  if (!existsSync(new URL(suite, import.meta.url))) continue;
  const { run } = await import(suite);
  await run();
}
process.exitCode = summary() ? 0 : 1;

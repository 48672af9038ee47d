// Bundle the program into one file, dist/bundle/cic.js, with its source map (so `cic --debug`
// stack traces name src/ lines). Loading one file instead of ~150 modules is most of what start-up
// costs beyond Node itself (the measurements are in docs/design.md and `npm run bench`).
// Commands stay lazy: esbuild keeps each dynamically imported module behind a function that first
// runs when the command is chosen. The ajv validators stay files (dist/validators/, required by
// path at run time by src/io/schemas/validators.ts).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist/bundle', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  outfile: `${outdir}/cic.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Stack traces need the map's file names and lines, not a copy of every source in it.
  sourcesContent: false,
  logLevel: 'warning',
  // The CommonJS dependencies (yaml, ajv, commander) call require(), which an ES module lacks.
  banner: {
    js: "import { createRequire as __cicRequire } from 'node:module'; const require = __cicRequire(import.meta.url);",
  },
});

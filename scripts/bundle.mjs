// Bundle the program into dist/bundle/cic.js and its chunks, with source maps (so `cic --debug`
// stack traces name src/ lines). Loading a few bundled files instead of ~150 modules is most of
// what start-up costs beyond Node itself (the measurements are in docs/design.md and `npm run bench`).
// Commands stay lazy: with `splitting`, each dynamically imported command is its own chunk (with
// the chunks it shares with other commands), read and compiled only when that command is chosen,
// so `cic --help` no longer parses the report renderers. The ajv validators stay files
// (dist/validators/, required by path at run time by src/io/schemas/validators.ts).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist/bundle', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  outdir,
  entryNames: 'cic',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Stack traces need the map's file names and lines, not a copy of every source in it.
  sourcesContent: false,
  logLevel: 'warning',
  // pg and pgpass stay in node_modules, required the first time a command talks to PostgreSQL
  // (src/io/pg/connect.ts): a folder workspace never loads them.
  external: ['pg', 'pgpass', 'pg-native'],
  // The CommonJS dependencies (yaml, ajv, commander) call require(), which an ES module lacks.
  banner: {
    js: "import { createRequire as __cicRequire } from 'node:module'; const require = __cicRequire(import.meta.url);",
  },
});

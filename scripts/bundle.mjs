// Bundle the program into dist/bundle/cic.js and its chunks, with source maps (so `cic --debug`
// stack traces name src/ lines). Loading a few bundled files instead of ~150 modules is most of
// what start-up costs beyond Node itself (the measurements are in docs/design.md and `npm run bench`).
// Commands stay lazy: each dynamically imported command is its own chunk, read and compiled only
// when that command is chosen, so `cic --help` does not parse the report renderers.
//
// Rollup rather than esbuild's splitting: Rollup knows that a command's chunk is only ever loaded
// after the entry, so what the entry already holds stays in it, where esbuild cuts every module
// shared by a different set of commands into a chunk of its own (184 files, `cic status` opening
// 33 of them). esbuild still strips the types, inside Rollup. The ajv validators stay files
// (dist/validators/, required by path at run time by src/io/schemas/validators.ts).
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

const outdir = new URL('../dist/bundle', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

const builtin = new Set(builtinModules);
// pg and pgpass stay in node_modules, required the first time a command talks to PostgreSQL
// (src/io/pg/connect.ts): a folder workspace never loads them.
const EXTERNAL = /^(pg|pgpass|pg-native)(\/|$)/;

const bundle = await rollup({
  input: new URL('../src/cli/main.ts', import.meta.url).pathname,
  external: (id) => id.startsWith('node:') || builtin.has(id) || EXTERNAL.test(id),
  plugins: [
    // The 'node' condition: chalk's colour detection and yaml have builds for browsers too.
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'], extensions: ['.ts', '.mjs', '.js', '.json'] }),
    esbuild({ target: 'node20', sourceMap: true }),
    // The CommonJS dependencies (commander, yaml, iconv-lite under @inquirer) become ES modules.
    commonjs(),
    json(),
  ],
  onwarn(warning, warn) {
    // Circular imports inside dependencies (yaml, date-fns) are theirs and harmless.
    if (warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
});
await bundle.write({
  dir: outdir,
  format: 'es',
  entryFileNames: 'cic.js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  sourcemap: true,
  // Stack traces need the map's file names and lines, not a copy of every source in it.
  sourcemapExcludeSources: true,
});
await bundle.close();

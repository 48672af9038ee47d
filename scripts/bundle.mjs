// Bundle dist/ into a few ESM files in dist/bundle/ (DESIGN §6: start-up is budgeted, and loading
// ~40 small modules costs more than the code in them). Commands stay lazily loaded: esbuild splits
// each dynamic import into its own chunk. CommonJS dependencies (commander, yaml, ajv) need a real
// `require`, which the banner provides.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist/bundle', import.meta.url).pathname;
// Chunk names carry content hashes: without this, every build would leave the last one's behind.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [
    new URL('../dist/main.js', import.meta.url).pathname,
    // A worker thread's script is loaded by path (src/log/background-verify.ts, src/report/render-thread.ts),
    // so each is an entry of its own.
    { in: new URL('../dist/log/chain-worker.js', import.meta.url).pathname, out: 'chain-worker' },
    { in: new URL('../dist/report/render-worker.js', import.meta.url).pathname, out: 'render-worker' },
  ],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The precompiled schema validators are loaded by path at run time (src/schemas/validators.ts).
  external: ['*.cjs'],
  banner: { js: "import { createRequire as __cicRequire } from 'node:module'; const require = __cicRequire(import.meta.url);" },
  logLevel: 'warning',
});

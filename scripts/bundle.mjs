// Bundle dist/ for start-up (DESIGN §6: start-up is budgeted, and loading ~40 small modules costs
// more than the code in them).
// - The program is one CommonJS file, dist/bundle/cic.cjs, because Node 20 can reuse V8's compiled
//   code only for a script it compiles itself (src/boot/run-bundle.ts; scripts/code-cache.mjs makes
//   the cache). Commands stay lazy: esbuild wraps each dynamically imported module in a function
//   that first runs when the command is chosen. Its first line names the build, by content hash,
//   so a cache is only ever used with the bundle it was made from.
// - The two worker threads' scripts are loaded by path (src/log/background-verify.ts,
//   src/report/check-thread.ts), so they are ES module entries of their own, sharing chunks.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist/bundle', import.meta.url).pathname;
const from = (file) => new URL(`../dist/${file}`, import.meta.url).pathname;
// Chunk names carry content hashes: without this, every build would leave the last one's behind.
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// commander requires child_process as it loads, for executable subcommands (cic has none); that
// brings in net, dgram and streams, ~5 ms of every run. Here commander gets it on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};

// pg (and pgpass) stay outside the bundle, required from node_modules the first time a command
// talks to PostgreSQL (src/io/pg/connect.ts): a folder workspace never loads or compiles them.
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  plugins: [lazyChildProcess],
  external: ['pg', 'pgpass', 'pg-native'],
};

// The program's entry hands the precompiled validators of the playbook and of log entries to
// src/schemas/validators.ts, which would otherwise require them by path: compiled in, they come
// from the code cache too. The report's two (0.5 MB) stay files: the rendering thread uses them.
const validators = ['playbook.cjs', 'log-entry.cjs'];
const entry = from('bundle-entry.cjs');
writeFileSync(
  entry,
  [
    "// Made by scripts/bundle.mjs: the bundle's entry, with the precompiled validators compiled in.",
    "require('./io/schemas/validators.js').useBundledValidators({",
    ...validators.map((f) => `  ${JSON.stringify(f.slice(0, -'.cjs'.length))}: () => require('./validators/${f}'),`),
    '});',
    "require('./cli/main.js');",
    '',
  ].join('\n'),
);

const program = await build({
  ...common,
  entryPoints: [entry],
  outfile: `${outdir}/cic.cjs`,
  format: 'cjs',
  write: false,
  // Modules that find files beside themselves use import.meta.url: here, the bundle's own URL.
  define: { 'import.meta.url': '__cicModuleUrl' },
  banner: { js: "const __cicModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// esbuild already writes strings, regular expressions and names in ASCII (charset 'ascii'), but
// a dependency's comment may hold a "¥". Escaped too, the bundle is all ASCII, which
// src/boot/run-bundle.ts reads as latin1: a one-byte string in half the time of decoding UTF-8.
// (\uXXXX means the same character in a string, a regular expression or a name.)
const code = program.outputFiles[0].text.replace(
  /[^\x00-\x7f]/g,
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
);
// A script run through vm.Script with a code cache has no import(); esbuild turns the program's
// own import() into require, so one left over is an import() of something outside the bundle.
const leftover = /[^\w$.]import\(/.exec(code);
if (leftover)
  throw new Error(
    `bundle: an import() esbuild could not resolve, at ${code.slice(leftover.index - 80, leftover.index + 40)}`,
  );
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
writeFileSync(`${outdir}/cic.cjs`, `// cic build ${id}\n${code}`);

// The loader bin/cic.js requires (src/boot/run-bundle.ts). CommonJS like the shim itself: an ES
// module entry costs Node ~7 ms more to start.
await build({ ...common, entryPoints: [from('cli/boot/run-bundle.js')], outfile: `${outdir}/boot.cjs`, format: 'cjs' });

await build({
  ...common,
  entryPoints: [
    { in: from('io/log/chain-worker.js'), out: 'chain-worker' },
    { in: from('io/report/check-worker.js'), out: 'check-worker' },
  ],
  outdir,
  splitting: true,
  format: 'esm',
  // Here the validators are loaded by path at run time (src/schemas/validators.ts).
  external: ['*.cjs'],
  // CommonJS dependencies (yaml, ajv) need a real `require`, which the banner provides.
  banner: {
    js: "import { createRequire as __cicRequire } from 'node:module'; const require = __cicRequire(import.meta.url);",
  },
});

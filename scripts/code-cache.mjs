// Make the bundle's code cache (src/boot/run-bundle.ts): run the demo in this process from the
// bundle, then save the bytecode V8 compiled for it. The demo opens, classifies, drafts, releases,
// reports and closes an incident, so nearly every command's code is in the cache; what is not is
// compiled when first needed, as without a cache.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The loader bin/cic.js uses, so the cache is made exactly as it will be read.
const { cacheFileOf, loadBundle } = createRequire(import.meta.url)('../dist/bundle/boot.cjs');

const bundle = fileURLToPath(new URL('../dist/bundle/cic.cjs', import.meta.url));
const program = loadBundle(bundle);
process.argv = [process.argv[0], bundle, 'demo'];
// The demo's narration is for people; a build log needs one line.
process.stdout.write = () => true;
process.on('exit', (code) => {
  if (code !== 0) {
    process.stderr.write(
      `code cache: the demo failed (exit ${code}), so there is no cache; cic still runs, more slowly\n`,
    );
    return;
  }
  program.saveCache();
  const kb = Math.round(statSync(cacheFileOf(bundle)).size / 1024);
  process.stderr.write(`code cache: ${kb} KB of bytecode for dist/bundle/cic.cjs\n`);
});
program.run();

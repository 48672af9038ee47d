// Preloaded with `node --import` (through NODE_OPTIONS) by test/helpers/loaded-modules.ts: writes
// the URL of every ES module the process loads, one per line, to the file CIC_TEST_LOADED names.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      export async function load(url, context, next) {
        if (url.startsWith('file:')) appendFileSync(process.env.CIC_TEST_LOADED, url + '\\n');
        return next(url, context);
      }`),
);

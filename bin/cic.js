#!/usr/bin/env node
// The shim: start the built program. Node's compile cache (Node 22.1+; absent on 20) is turned on
// first, and with --debug the source maps, so stack traces name src/ lines: both must come before
// the program is loaded.
import module from 'node:module';

module.enableCompileCache?.();
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await import('../dist/bundle/cic.js');

#!/usr/bin/env node
// The shim: start-up is budgeted, so Node ≥ 22.1 keeps compiled code between runs (a no-op on 20).
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/bundleA/main.js');

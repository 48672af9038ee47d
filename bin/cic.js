#!/usr/bin/env node
// The shim: run the program's bundle (src/boot/run-bundle.ts says why it is loaded this way).
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../dist/boot/run-bundle.js';

loadBundle(fileURLToPath(new URL('../dist/bundle/cic.cjs', import.meta.url))).run();

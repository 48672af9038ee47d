/**
 * Start the program from its one-file bundle with V8's code cache (DESIGN §6: start-up is budgeted).
 *
 * Most commands are over in about 100 ms, and on that scale two things V8 does on every run show:
 * - Compiling: the bundle is ~2 MB of JavaScript. Node 20 keeps no compile cache for ES modules,
 *   so the program ships as one CommonJS file (scripts/bundle.mjs) compiled through `vm.Script`
 *   with the bytecode the build saved after running the demo (scripts/code-cache.mjs). V8 checks
 *   that the cache fits its version, its flags and the source's length, and compiles afresh if
 *   not; the build line on the bundle's first line, repeated at the head of the cache, makes sure
 *   the cache is this build's (V8 compares only lengths).
 * - Optimizing: TurboFan compiles a function once it has run a while. Parsing the bundled playbook
 *   (~7,000 YAML tokens through the yaml library's cold lexer and parser) set off ~50 such
 *   compilations, which together cost more than they saved before the command ended: the parse
 *   took 75 ms with V8's default budget and 40 ms with the one below (medians, 2-core machine).
 *   A long report or status still reaches TurboFan, only a little later (at 100,000 entries the
 *   difference was within the run-to-run noise).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

/** Bytecode a function runs before V8 considers optimizing it: ~7× V8 11's default of 67,584. */
export const INTERRUPT_BUDGET = 500_000;

export type CacheState = 'used' | 'rejected' | 'absent' | 'other-build';

export interface LoadedBundle {
  /** What became of the code cache: used, rejected by V8, missing, or made for another build. */
  cache: CacheState;
  /** Run the program (the bundle's top level, which starts the CLI). */
  run(): void;
  /** Save the bytecode compiled so far as the cache for this build (the build does, after the demo). */
  saveCache(): void;
}

export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

export function loadBundle(bundle: string): LoadedBundle {
  // Before compiling: V8's flags are part of what a code cache must match.
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  // The bundle is all ASCII (scripts/bundle.mjs), so latin1 reads it exactly, twice as fast as UTF-8.
  const source = readFileSync(bundle, 'latin1');
  const head = Buffer.from(`${source.slice(0, source.indexOf('\n'))}\n`);
  const { data, state } = readCache(cacheFileOf(bundle), head);
  // The wrapper is Node's own for CommonJS, on the same line as the code so line numbers hold.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData: data,
  });
  return {
    cache: data && script.cachedDataRejected ? 'rejected' : state,
    run() {
      const module = { exports: {} };
      const start = script.runInThisContext() as (...args: unknown[]) => void;
      start(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
    },
    saveCache() {
      writeFileSync(cacheFileOf(bundle), Buffer.concat([head, script.createCachedData()]));
    },
  };
}

function readCache(file: string, head: Buffer): { data?: Buffer; state: CacheState } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { state: 'absent' };
  }
  if (bytes.length <= head.length || !bytes.subarray(0, head.length).equals(head)) return { state: 'other-build' };
  return { data: bytes.subarray(head.length), state: 'used' };
}

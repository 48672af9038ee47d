/**
 * Which of the program's sources a real run of the binary loads. A loader hook preloaded into the
 * child records every ES module it loads (the bundle's entry and chunks); each bundle file's source
 * map then names the src/ files compiled into it, so the answer does not depend on how the bundler
 * happened to group modules into chunks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCic, type CicResult, type RunOptions } from './run-cic.js';

const HOOK = fileURLToPath(new URL('./load-hook.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LoadingResult extends CicResult {
  /** The bundle files loaded, relative to the package root (dist/bundle/…). */
  files: string[];
  /** The sources compiled into them, relative to the package root (src/…, node_modules/…). */
  sources: string[];
}

export async function runCicLoading(args: string[], options: RunOptions = {}): Promise<LoadingResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cic-loaded-'));
  const log = join(dir, 'loaded.txt');
  try {
    const result = await runCic(args, {
      ...options,
      env: { ...options.env, NODE_OPTIONS: `--import=${HOOK}`, CIC_TEST_LOADED: log },
    });
    let urls: string[] = [];
    try {
      urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    } catch {
      // Nothing was loaded through the hook: the lists stay empty and the test says so.
    }
    const files = urls.map((url) => fileURLToPath(url)).filter((f) => f.includes(join('dist', 'bundle')));
    const sources = new Set<string>();
    for (const file of files) {
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
      for (const source of map.sources) sources.add(relative(ROOT, join(file, '..', source)));
    }
    return { ...result, files: files.map((f) => relative(ROOT, f)), sources: [...sources] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The folder holding cic's package.json (and schemas/, playbooks/, dist/). Found by walking up
 * from this module, so it works from dist/ (the built CLI), from src/ (under Jest) and from an
 * installed copy in node_modules.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    // schemas/ beside package.json tells cic's root from a stray package.json in a subfolder.
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) return (cached = dir);
    if (dirname(dir) === dir) throw new Error(`cannot find cic's package folder above ${start}`);
  }
}

/** The bundled model plan, the default playbook of `cic init` and `cic playbook show`. */
export function bundledPlaybook(): string {
  return join(packageRoot(), 'playbooks', 'clayton-mo.yaml');
}

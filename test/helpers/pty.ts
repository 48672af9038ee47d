/**
 * node-pty, loaded at run time with the little of its interface the terminal tests use. It is an
 * optional dependency (a native addon that needs a compiler): on a machine without it the type
 * check still passes, and jest.config.js leaves the `pty*.test.ts` files out with a notice.
 */
import { createRequire } from 'node:module';

export interface Pty {
  onData(listener: (data: string) => void): void;
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): void;
  write(data: string): void;
  kill(signal?: string): void;
}

interface PtyModule {
  spawn(
    file: string,
    args: string[],
    options: { name: string; cols: number; rows: number; cwd: string; env: Record<string, string> },
  ): Pty;
}

export function spawnPty(...args: Parameters<PtyModule['spawn']>): Pty {
  return (createRequire(import.meta.url)('node-pty') as PtyModule).spawn(...args);
}

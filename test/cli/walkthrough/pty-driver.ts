/**
 * Drive the real binary through a real pseudo-terminal (node-pty): send keys, wait for text on
 * the screen, pick a menu entry by its label (reading where the cursor is, so a test does not
 * count arrow presses), and wait for the exit code.
 */
import { spawnPty, type Pty } from '../../helpers/pty.js';
import { CIC_BIN } from '../../helpers/run-cic.js';

export const KEY = { up: '\x1b[A', down: '\x1b[B', enter: '\r', space: ' ', ctrlC: '\x03', ctrlU: '\x15' } as const;

// CSI (incl. private modes), OSC and two-character escapes: what inquirer and chalk emit.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
export const plain = (s: string) => s.replace(ANSI, '').replace(/\r/g, '');

export class Session {
  private p: Pty;
  private raw = '';
  /** Where the next `waitFor` starts looking. */
  private mark = 0;
  exit: Promise<number>;

  constructor(args: string[], options: { cwd: string; env: Record<string, string | undefined> }) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({
      ...process.env,
      TERM: 'xterm-256color',
      FORCE_COLOR: undefined,
      NO_COLOR: '1',
      ...options.env,
    })) {
      if (v !== undefined) env[k] = v;
    }
    this.p = spawnPty(process.execPath, [CIC_BIN, ...args], {
      name: 'xterm-256color',
      cols: 110,
      rows: 60,
      cwd: options.cwd,
      env,
    });
    this.p.onData((d) => (this.raw += d));
    this.exit = new Promise((resolve) => this.p.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** Everything printed so far, without escape sequences. */
  get text(): string {
    return plain(this.raw);
  }

  /**
   * Wait until `needle` appears at or after the mark; the mark moves to where it starts (so the
   * prompt just waited for can still be answered), and the text up to its end is returned.
   */
  async waitFor(needle: string | RegExp, timeoutMs = 15000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const t = this.text;
      const rest = t.slice(this.mark);
      const m =
        typeof needle === 'string'
          ? rest.includes(needle)
            ? { index: rest.indexOf(needle), length: needle.length }
            : undefined
          : (() => {
              const r = needle.exec(rest);
              return r ? { index: r.index, length: r[0].length } : undefined;
            })();
      if (m) {
        this.mark += m.index;
        return rest.slice(0, m.index + m.length);
      }
      if (Date.now() - started > timeoutMs)
        throw new Error(
          `timed out waiting for ${String(needle)}; the screen ends with:\n${t.slice(-3000)}\nRAW: ${JSON.stringify(this.raw.slice(-400))}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  send(keys: string): void {
    this.p.write(keys);
  }

  /** Type a line of text and press enter, once the prompt `message` is showing. */
  async answer(message: string, text: string): Promise<void> {
    await this.type(message, text);
    await this.waitFor(`✔ ${message}`);
    this.mark += 1;
  }

  /** Type at the prompt `message` and press enter, without waiting for it to be accepted. */
  async type(message: string, text: string): Promise<void> {
    await this.waitFor(`? ${message}`);
    await this.settle();
    this.send(text);
    this.send(KEY.enter);
  }

  /** Let the prompt finish drawing before keys are sent (it reads keys only once it is ready). */
  private async settle(): Promise<void> {
    let last = -1;
    while (this.raw.length !== last) {
      last = this.raw.length;
      await new Promise((r) => setTimeout(r, 60));
    }
  }

  /**
   * At the select prompt `message`, move the cursor to the entry whose label contains `label` and
   * press enter. Disabled entries (drawn with "-") are skipped by the arrows, so they do not count.
   */
  async choose(message: string, label: string): Promise<void> {
    await this.waitFor(`? ${message}`);
    await this.settle();
    const t = this.text;
    const screen = t.slice(t.lastIndexOf(`? ${message}`));
    const entries = screen
      .split('\n')
      .slice(1)
      .filter((l) => /^[❯ -][ ◯◉]?/.test(l) && l.trim() !== '');
    const lines: string[] = [];
    for (const l of entries) {
      if (l.includes('↑↓') || l.startsWith('?')) break;
      lines.push(l);
    }
    const enabled = lines.filter((l) => !l.startsWith('- '));
    const at = enabled.findIndex((l) => l.startsWith('❯'));
    const to = enabled.findIndex((l) => l.includes(label));
    if (at < 0 || to < 0) throw new Error(`no "${label}" in the menu "${message}":\n${lines.join('\n')}`);
    this.send((to > at ? KEY.down : KEY.up).repeat(Math.abs(to - at)));
    await new Promise((r) => setTimeout(r, 80));
    this.send(KEY.enter);
    await this.waitFor(`✔ ${message}`);
    this.mark += 1; // past the answered prompt
  }

  kill(): void {
    try {
      this.p.kill();
    } catch {
      // already gone
    }
  }
}

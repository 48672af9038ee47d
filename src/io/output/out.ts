/**
 * Lines a command writes to stdout. Kept as one seam so commands can be driven in-process, and
 * apart from terminal.ts so that a command printing plain lines does not load chalk (and with it
 * tty and os: ~2.5 ms of `cic playbook validate`, DESIGN §6).
 */
export interface Out {
  line(text?: string): void;
  json(value: unknown): void;
  /** Text as it is, no newline added (for output printed in pieces). */
  write(text: string): void;
}

export const stdout: Out = {
  line(text = '') {
    process.stdout.write(text + '\n');
  },
  json(value) {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  },
  write(text) {
    process.stdout.write(text);
  },
};

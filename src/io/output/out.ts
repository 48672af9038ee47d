/**
 * Lines a command writes to stdout. Kept as one seam so commands can be driven in-process, and
 * apart from terminal.ts so that a command printing plain lines does not load chalk (and with it
 * tty and os: ~2.5 ms of `cic playbook validate`, docs/design.md#budgets).
 */
export interface Out {
  line(text?: string): void;
  json(value: unknown): void;
  /** Text as it is, no newline added (for output printed in pieces). */
  write(text: string): void;
}

/** Under `--json`: prose is dropped, so stdout carries exactly one JSON object. */
let jsonOnly: { printed: boolean } | undefined;

export const stdout: Out = {
  line(text = '') {
    if (!jsonOnly) process.stdout.write(text + '\n');
  },
  json(value) {
    if (jsonOnly) jsonOnly.printed = true;
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  },
  write(text) {
    // Under --json only a command's own JSON printed in pieces comes here (`cic log --json`).
    if (jsonOnly) jsonOnly.printed = true;
    process.stdout.write(text);
  },
};

/** Under `--json` nothing is asked at a terminal: the prompts would write into the JSON. */
export function isJsonOnly(): boolean {
  return jsonOnly !== undefined;
}

/**
 * From now on stdout takes JSON only (`--json` on any command); `printed()` says whether the
 * command printed its own, so the caller prints the command's result otherwise.
 */
export function jsonOnlyFromNow(): { printed: () => boolean } {
  const state = { printed: false };
  jsonOnly = state;
  return { printed: () => state.printed };
}

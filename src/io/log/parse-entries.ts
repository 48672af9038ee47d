/**
 * Every complete line of a log read into memory, parsed, in order: for readers that verify the
 * chain on another thread from the same bytes (background-verify.ts), so this side only parses.
 * It stops at the first line that is not a JSON object (damage or a torn tail: the chain check
 * names it) or whose type cic does not know (which the caller reports).
 */
import { isAscii } from 'node:buffer';
import { EVENT_TYPES } from '../../core/log/entry.js';
import type { LogEntry } from '../../core/log/envelope.js';

export interface ParsedEntries {
  entries: LogEntry[];
  /** The first entry of a type this version of cic does not know; parsing stopped there. */
  unknown?: { seq: number; type: unknown };
}

export function parseEntries(bytes: Buffer): ParsedEntries {
  // An all-ASCII log (the usual case: JSON escapes nothing else, names are mostly ASCII) decodes
  // to a one-byte string, in about half the time.
  const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const entries: LogEntry[] = [];
  for (let seq = 0, start = 0; ; seq++) {
    const end = text.indexOf('\n', start);
    if (end < 0) return { entries };
    let entry: LogEntry;
    try {
      entry = JSON.parse(text.slice(start, end)) as LogEntry;
    } catch {
      return { entries };
    }
    if (typeof entry !== 'object' || entry === null) return { entries }; // `null`, `7`: damage the chain check names
    if (!EVENT_TYPES.has(entry.type)) return { entries, unknown: { seq, type: entry.type } };
    entries.push(entry);
    start = end + 1;
  }
}

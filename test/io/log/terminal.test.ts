/**
 * Terminal safety: whatever a note, a title or a log line holds — carriage returns, ESC sequences,
 * bidi overrides, NUL — what cic prints shows it as visible escapes, never raw. Asserted on the
 * bytes written.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { note } from '../../../src/cli/commands/note.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import { runCic } from '../../helpers/run-cic.js';
import { makeWorkspace, openIncident } from './fixtures.js';
import { noteOptions } from '../../../src/cli/options.js';

// Every character visible() must escape (C0 but \n \t, DEL, C1, bidi and zero-width marks).
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

const NASTY =
  'approved: NO\rapproved: YES \u001b[2J\u001b]0;pwned\u0007 \u202eevil\u202c \u2066x\u2069 del\u007f c1\u0085 zw\u200b';

afterEach(() => {
  jest.restoreAllMocks();
});

describe('what cic prints is safe for a terminal', () => {
  test('negative control: the test text really holds the characters that would do harm', () => {
    expect(NASTY).toMatch(UNSAFE);
    expect([...NASTY].filter((c) => UNSAFE.test(c)).length).toBeGreaterThanOrEqual(10);
  });

  test('cic note echoes the note with every control and bidi character escaped (real binary)', async () => {
    const ws = await makeWorkspace();
    const id = await openIncident(ws);
    const r = await runCic(['note', NASTY, '--as', 'pio'], { cwd: ws.root });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(UNSAFE);
    expect(Buffer.from(r.stdout).includes(0x1b)).toBe(false);
    expect(Buffer.from(r.stdout).includes(0x0d)).toBe(false);
    expect(r.stdout).toContain('approved: NO\\rapproved: YES \\e[2J\\e]0;pwned\\x07 \\u{202e}evil');
    // The log keeps the text exactly as given.
    const [last] = (await new FileStore(ws).readAll(id)).slice(-1);
    expect(last).toMatchObject({ data: { text: NASTY } });
  });

  test('a NUL in a note (impossible in argv) is escaped too', async () => {
    const ws = await makeWorkspace();
    const id = await openIncident(ws);
    const out: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    await note(noteOptions(['before\u0000after\u001b[31m'], { workspace: ws.root, incident: id, as: 'pio' }));
    const printed = Buffer.from(out.join(''));
    expect(printed.includes(0x00)).toBe(false);
    expect(printed.includes(0x1b)).toBe(false);
    expect(printed.toString()).toContain('before\\0after\\e[31m');
  });

  test('titles listed when several incidents are open are escaped', async () => {
    const ws = await makeWorkspace();
    await openIncident(ws, `Title one ${NASTY}`);
    await openIncident(ws, 'Title two');
    const r = await runCic(['note', 'x', '--as', 'pio'], { cwd: ws.root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Title one approved: NO\\rapproved');
    expect(r.stderr.replace(/\n/g, '')).not.toMatch(UNSAFE);
  });

  test('text from a damaged log line that cic verify quotes is escaped', async () => {
    const ws = await makeWorkspace();
    const store = new FileStore(ws);
    const id = await openIncident(ws, 'Verify quoting', store);
    const head = await store.head(id);
    // A canonical line whose incident field carries a bidi override and an (escaped) ESC sequence.
    appendFileSync(
      join(ws.incidentsDir, id, 'log.jsonl'),
      `{"actor":{"name":"x","role":"pio","user":"u@h"},"at":"2026-11-26T08:00:00.000Z","data":{"text":"x"},"hash":"${'0'.repeat(64)}","incident":"\\u001b[2J\u202e","prev":"${head.hash}","seq":${head.seq + 1},"type":"note","v":1}\n`,
    );
    const r = await runCic(['verify', id], { cwd: ws.root });
    expect(r.code).toBe(3);
    // The line's JSON source is quoted: its backslash is a real one, shown `\\` (docs/escaping.md).
    expect(r.stderr).toContain('belongs to incident "\\\\u001b[2J\\u{202e}"');
    expect(r.stderr.replace(/\n/g, '')).not.toMatch(UNSAFE);
    expect(r.stdout).not.toMatch(UNSAFE);
  });

  test('a name or an anchor given on the command line is escaped in the error', async () => {
    const ws = await makeWorkspace();
    await openIncident(ws);
    const name = await runCic(['note', 'x', '--as', 'pio', '--name', 'Eve\u001b[8m'], { cwd: ws.root });
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('Eve\\e[8m');
    const anchor = await runCic(['verify', '--anchor', '1:\u001b[2J'], { cwd: ws.root });
    expect(anchor.code).toBe(2);
    expect(anchor.stderr).toContain('1:\\e[2J');
    for (const r of [name, anchor]) expect(r.stderr.replace(/\n/g, '')).not.toMatch(UNSAFE);
  });
});

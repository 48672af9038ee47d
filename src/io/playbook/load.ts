/**
 * Loading a playbook: bytes → text checks → safe YAML → JSON Schema → semantic checks → the
 * Playbook model, with every problem found at each stage reported as `file:line:col: message`.
 *
 * Stages stop at the first one with problems: a schema check of half-parsed YAML, or reference
 * checks on a shape the schema refused, would only add noise. Within a stage, every problem is
 * reported.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, resolve, sep, win32 } from 'node:path';
import { ProblemsError, type Problem } from '../../core/errors.js';
import { oneLine } from '../../core/text/visible.js';
import { Locator, type Finding } from '../../core/playbook/locate.js';
import type { LoadedPlaybook, Playbook, Weekday } from '../../core/playbook/model.js';
import { semanticFindings } from '../../core/playbook/semantic.js';
import { checkCharacters, decodeBytes, MAX_BYTES, tooLarge } from '../../core/playbook/text-checks.js';
import { parseFastYaml, type PairRange } from '../../core/playbook/yaml-fast.js';
import { getValidator } from '../schemas/validators.js';

/** What a template `file:` reference resolved to: its text, or why it could not be read. */
export type TemplateRead =
  { file: string; text: string } | { file: string; error: string } | { file: string; problems: Finding[] };
export type TemplateReader = (ref: string) => TemplateRead;

export interface CheckResult {
  /** Set when there are no problems. */
  playbook?: Playbook;
  /** Sorted by file (the playbook first), line and column. */
  problems: Problem[];
  /** The self-contained text (template files inlined), when there are no problems. */
  source?: string;
}

const DEFAULT_WORKING_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const HINT = 'Fix these and check again with: cic playbook validate FILE';

/**
 * Check a playbook's text. `file` names it in problems; `readFile` resolves template `file:`
 * references (without it, a playbook that has them is refused: its text is not self-contained).
 *
 * A playbook without problems is read the quick way (quickCheck); the careful way
 * (careful-check.ts) decides everything else. `{ quick: false }` skips the quick way (for the
 * test that compares the two).
 */
export async function checkPlaybookText(
  text: string,
  file: string,
  readFile?: TemplateReader,
  { quick = true }: { quick?: boolean } = {},
): Promise<CheckResult> {
  const checked = await check(text, file, readFile, quick);
  if (!('playbook' in checked)) return checked;
  return { playbook: checked.playbook, problems: [], source: await frozenSource(checked) };
}

/** A checked playbook, and what its frozen copy is made of (template files inlined into `text`). */
interface Checked {
  playbook: Playbook;
  text: string;
  files: ReadonlyMap<number, { text: string; file: string }>;
  pairs: (index: number) => PairRange | undefined;
}

async function check(
  text: string,
  file: string,
  readFile: TemplateReader | undefined,
  quick: boolean,
): Promise<Checked | { problems: Problem[] }> {
  const chars = checkCharacters(text);
  if (chars.problems.length > 0) return { problems: finish(chars.problems, file) };
  const fast = quick ? quickCheck(chars.text, readFile) : undefined;
  if (fast) return fast;
  const { carefulCheck } = await import('./careful-check.js');
  const careful = carefulCheck(chars.text, readFile);
  if ('findings' in careful) return { problems: finish(careful.findings, file) };
  return { ...careful, playbook: withDefaults(careful.playbook, careful.files), text: chars.text };
}

/**
 * A playbook without problems, read the quick way (core/playbook/yaml-fast.ts): no positions are
 * recorded, because nothing needs one. Undefined at the first sign of anything to report (or
 * anything only yaml-safe.ts may decide): the careful way then finds and places every problem.
 */
export function quickCheck(text: string, readFile?: TemplateReader): Checked | undefined {
  const fast = parseFastYaml(text);
  if (!fast || !getValidator('playbook')(fast.data)) return undefined;
  const pb = fast.data as unknown as Playbook;
  const files = new Map<number, { text: string; file: string }>();
  for (const [i, t] of (pb.templates ?? []).entries()) {
    if (t.file === undefined || t.text !== undefined) continue;
    const read = readFile?.(t.file);
    if (!read || !('text' in read) || !fast.templateFiles.has(i)) return undefined;
    files.set(i, read);
  }
  // Positions are asked for only to place findings, and any finding sends the text the careful way.
  if (semanticFindings(pb, NO_POSITIONS, files).length > 0) return undefined;
  return { playbook: withDefaults(pb, files), text, files, pairs: (i) => fast.templateFiles.get(i) };
}

const NO_POSITIONS = new Locator('');

/**
 * The self-contained text an incident freezes. Inlining template files checks each block scalar
 * with the yaml library, loaded here and only then: `cic playbook validate` never asks.
 */
async function frozenSource({ text, files, pairs }: Checked): Promise<string> {
  if (files.size === 0) return text;
  const { inlineTemplateFiles } = await import('../../core/playbook/inline-templates.js');
  return inlineTemplateFiles(text, pairs, files);
}

/** Read, check and load a playbook; on any problem, throw a ProblemsError listing them all. */
export async function loadPlaybook(file: string): Promise<LoadedPlaybook> {
  const result = await validatePlaybookFile(file);
  if (!result.loaded) throw new ProblemsError(result.problems, HINT);
  // Loaded here, not with the module: validating a playbook needs no digest, and node:crypto
  // takes ~4 ms to load.
  const { createHash } = await import('node:crypto');
  return { ...result.loaded, sha256: createHash('sha256').update(result.loaded.source, 'utf8').digest('hex') };
}

/** A valid playbook as read (its digest is added by loadPlaybook). */
export type ValidPlaybook = Omit<LoadedPlaybook, 'sha256'>;

export async function validatePlaybookFile(file: string): Promise<{ loaded?: ValidPlaybook; problems: Problem[] }> {
  const checked = await checkPlaybookFile(file);
  if (!('playbook' in checked)) return checked;
  return { loaded: { playbook: checked.playbook, file, source: await frozenSource(checked) }, problems: [] };
}

/** Read and check a playbook file: the playbook, or every problem (`cic playbook validate`). */
export async function checkPlaybookFile(file: string): Promise<Checked | { problems: Problem[] }> {
  const cannot = (why: string) => ({
    problems: [{ file, line: 1, col: 1, message: `cannot read the playbook: ${why}` }],
  });
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return cannot('it is a folder, not a file');
    if (!info.isFile()) return cannot('it is not a regular file');
    if (info.size > MAX_BYTES) return { problems: finish([tooLarge(info.size)], file) };
    bytes = await readFile(file);
  } catch (err) {
    return cannot(reason(err));
  }
  const decoded = decodeBytes(bytes);
  if (decoded.text === undefined) return { problems: finish(decoded.problems, file) };
  return check(decoded.text, file, templateReader(file), true);
}

/** Every file's problems (empty for a valid one), in the order given. */
export async function validatePlaybookFiles(files: readonly string[]): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  for (const f of files) out.set(f, (await validatePlaybookFile(f)).problems);
  return out;
}

/**
 * Template files live beside the playbook: a relative path that stays inside the playbook's
 * folder, also after following symbolic links. Their text passes the same character checks,
 * and CRLF becomes LF (a statement's text does not depend on the author's editor).
 */
export function templateReader(playbookFile: string): TemplateReader {
  const folder = dirname(playbookFile);
  return (ref) => {
    const display = join(folder, ref);
    const refuse = (error: string) => ({ file: display, error });
    if (ref.includes('\\')) return refuse(`template path "${ref}" uses "\\"; write paths with "/"`);
    if (isAbsolute(ref) || win32.isAbsolute(ref))
      return refuse(`template path "${ref}" must be relative to the playbook's folder`);
    const normal = posix.normalize(ref);
    if (normal === '..' || normal.startsWith('../'))
      return refuse(`template path "${ref}" leaves the playbook's folder`);
    let real: string;
    try {
      const root = realpathSync(folder);
      real = realpathSync(resolve(folder, normal));
      if (!real.startsWith(root + sep))
        return refuse(`template path "${ref}" is a link to a file outside the playbook's folder`);
      const info = statSync(real);
      if (!info.isFile()) return refuse(`template path "${ref}" is not a file`);
      if (info.size > MAX_BYTES) return refuse(`template file "${ref}" is larger than 1 MiB`);
    } catch (err) {
      return refuse(`template file "${ref}" cannot be read: ${reason(err)}`);
    }
    const decoded = decodeBytes(readFileSync(real), 'a template');
    if (decoded.text === undefined)
      return { file: display, problems: decoded.problems.map((p) => ({ ...p, file: display })) };
    const chars = checkCharacters(decoded.text, 'a template');
    if (chars.problems.length > 0)
      return { file: display, problems: chars.problems.map((p) => ({ ...p, file: display })) };
    return { file: display, text: chars.text.replace(/\r\n/g, '\n') };
  };
}

function withDefaults(pb: Playbook, files: ReadonlyMap<number, { text: string }>): Playbook {
  return {
    ...pb,
    calendar: {
      working_days: pb.calendar?.working_days ?? [...DEFAULT_WORKING_DAYS],
      holidays: pb.calendar?.holidays ?? [],
    },
    actions: pb.actions.map((a) => ({ ...a, required: a.required ?? true })),
    // A template read from a file carries its text, like the frozen copy will.
    templates: (pb.templates ?? []).map((t, i) => {
      const file = files.get(i);
      if (!file) return t;
      const { file: _, ...rest } = t;
      return { ...rest, text: file.text };
    }),
  };
}

/**
 * Problems for people: located, escaped (here, once: findings are composed raw), duplicates dropped,
 * sorted (the playbook's own first).
 */
function finish(findings: readonly Finding[], file: string): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const f of findings) {
    const p: Problem = {
      file: f.file ?? file,
      line: f.line,
      col: f.col,
      message: oneLine(f.message),
    };
    const key = `${p.file}\0${p.line}\0${p.col}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort(
    (a, b) =>
      Number(a.file !== file) - Number(b.file !== file) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.col - b.col,
  );
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  return err instanceof Error ? err.message : String(err);
}

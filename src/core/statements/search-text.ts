/**
 * Searching a draft the way a reader sees it. Drafts are edited by hand at 2 a.m. and pasted from
 * e-mail, so a phrase or a name can be wrapped across lines, typed with curly apostrophes,
 * written without accents, or split by an invisible zero-width or bidi character. Matching the
 * raw text would miss all of these; matching a normalised copy that remembers where each of its
 * characters came from finds them and still reports the right line.
 */

export interface SearchText {
  /** Lower-cased, accent-stripped, whitespace-collapsed, invisible characters removed. */
  norm: string;
  /** For each UTF-16 unit of `norm`, the offset in the original text it came from. */
  origin: number[];
  /** Offsets where each original line starts. */
  lineStarts: number[];
}

const INVISIBLE = /^[\p{Cf}\p{Cc}]$/u;
const SPACE = /^\s$/u;
const MARK = /\p{M}/gu;
const FOLD: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201b': "'",
  '\u02bc': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
};

function foldChar(ch: string): string {
  return (FOLD[ch] ?? ch).normalize('NFKD').replace(MARK, '').toLowerCase();
}

export function searchText(text: string): SearchText {
  let norm = '';
  const origin: number[] = [];
  const lineStarts = [0];
  let offset = 0;
  for (const ch of text) {
    if (ch === '\n') lineStarts.push(offset + 1);
    if (SPACE.test(ch)) {
      if (norm.length > 0 && !norm.endsWith(' ')) {
        norm += ' ';
        origin.push(offset);
      }
    } else if (!INVISIBLE.test(ch)) {
      const folded = foldChar(ch);
      norm += folded;
      for (let k = 0; k < folded.length; k++) origin.push(offset);
    }
    offset += ch.length;
  }
  return { norm, origin, lineStarts };
}

/** The same normalisation for the thing searched for. */
export function normalize(text: string): string {
  return searchText(text).norm.trim();
}

const WORD = /[\p{L}\p{N}]/u;
const isWord = (ch: string | undefined) => ch !== undefined && WORD.test(ch);

export interface FindOptions {
  /** Require a word boundary before a needle that starts with a letter or digit. Default true. */
  start?: boolean;
  /** Require a word boundary after a needle that ends with a letter or digit. Default false. */
  end?: boolean;
}

/** Where an already-normalised needle occurs, as offsets in the ORIGINAL text (end exclusive). */
export function findAll(st: SearchText, needle: string, options: FindOptions = {}): { start: number; end: number }[] {
  const { start = true, end = false } = options;
  if (needle === '') return [];
  const found: { start: number; end: number }[] = [];
  for (let i = st.norm.indexOf(needle); i !== -1; i = st.norm.indexOf(needle, i + 1)) {
    if (start && isWord(needle[0]) && isWord(st.norm[i - 1])) continue;
    if (end && isWord(needle.at(-1)) && isWord(st.norm[i + needle.length])) continue;
    found.push({ start: st.origin[i]!, end: st.origin[i + needle.length - 1]! + 1 });
  }
  return found;
}

/** 1-based line of an offset in the original text. */
export function lineAt(st: SearchText, offset: number): number {
  let lo = 0;
  let hi = st.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (st.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

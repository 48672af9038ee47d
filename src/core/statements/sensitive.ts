/**
 * What to look for so a sensitive fact does not leak. A value is rarely repeated whole: officer
 * names recorded as "Ofc. J. Smith and K. Lee" leak as "Officer Smith", "SMITH" or "Lee". So the
 * needles are the whole value, its printed form, each part of a list (split at commas, semicolons,
 * new lines, "and", "&") and, for parts that look like names, each capitalised name word.
 *
 * Whole values and list parts match case-insensitively. A single name word matches only where the
 * draft writes it with a capital letter ("Officer Young", "YOUNG", but not "a young man", and
 * "Will" the first name, not "we will"), and titles, months and weekdays are never name words.
 */
import type { FactValue } from '../playbook/model.js';
import { normalize } from './search-text.js';

export interface Needle {
  /** As shown in the message. */
  text: string;
  /** Normalised, for `findAll`. */
  norm: string;
  /** The whole value (or its printed form), not a part of it. */
  whole: boolean;
  /** Only counts where the draft's text starts with a capital letter there. */
  capitalOnly: boolean;
}

const LIST_SEPARATOR = /\s*(?:[,;\n]|&|\band\b)\s*/iu;

// Words that are capitalised in names and addresses but are not themselves identifying.
const NOT_A_NAME = new Set(
  (
    'officer ofc off sergeant sgt lieutenant lt captain capt cpt detective det corporal cpl deputy dep chief ' +
    'trooper agent patrolman patrolwoman sheriff marshal commander cmdr major col colonel inspector ' +
    'mr mrs ms miss mx dr jr sr ii iii iv the and of a an for to in at on by with from ' +
    'city county state police department dept fire public safety university college school ' +
    'north south east west street st avenue ave road rd boulevard blvd drive dr lane ln court ct place ' +
    'january february march april may june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday ' +
    'unknown none pending tbd n/a na not released withheld yes no we our this that it he she they'
  ).split(' '),
);

// A value that means "no value" must not turn every "unknown" in a statement into a leak.
const PLACEHOLDER_VALUES = new Set([
  'unknown',
  'none',
  'pending',
  'tbd',
  'n/a',
  'na',
  'not released',
  'withheld',
  'not known',
]);

const LETTERS = /[\p{L}\p{N}]/gu;
const countWordChars = (s: string) => s.match(LETTERS)?.length ?? 0;
const DIGIT = /\p{N}/u;
const CAPITAL = /^\p{Lu}/u;
const WORD_EDGE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** Capitalised words of a part that looks like a name (no digits, a few words). */
function nameWords(part: string): string[] {
  if (DIGIT.test(part)) return [];
  const words = part
    .split(/\s+/u)
    .map((w) => w.replace(WORD_EDGE, ''))
    .filter(Boolean);
  if (words.length === 0 || words.length > 6) return [];
  const out: string[] = [];
  for (const word of words) {
    if (!CAPITAL.test(word)) continue; // a particle (van, de, bin) or an ordinary word
    for (const piece of [word, ...(word.includes('-') ? word.split('-') : [])]) {
      if (countWordChars(piece) >= 2 && !NOT_A_NAME.has(piece.toLowerCase())) out.push(piece);
    }
  }
  return out;
}

function withoutTitle(part: string): string {
  const words = part.split(/\s+/u);
  let i = 0;
  while (i < words.length - 1 && NOT_A_NAME.has(words[i]!.replace(WORD_EDGE, '').toLowerCase())) i++;
  return words.slice(i).join(' ');
}

/** Needles for one sensitive value, longest first, without duplicates. */
export function sensitiveNeedles(value: FactValue, shown?: string): Needle[] {
  if (typeof value === 'boolean') return []; // a yes/no cannot be quoted
  const raw = String(value);
  const candidates: Omit<Needle, 'norm'>[] = [
    { text: raw, whole: true, capitalOnly: false },
    ...(shown !== undefined && shown !== raw ? [{ text: shown, whole: true, capitalOnly: false }] : []),
  ];
  if (typeof value === 'string') {
    const parts = raw
      .split(LIST_SEPARATOR)
      .map((p) => p.trim())
      .filter(Boolean);
    for (const part of parts) {
      if (parts.length > 1) candidates.push({ text: part, whole: false, capitalOnly: false });
      // "Ofc. J. Smith" is written "Officer J. Smith" or "J. Smith": also look for it without its title.
      const untitled = withoutTitle(part);
      if (untitled !== part) candidates.push({ text: untitled, whole: false, capitalOnly: false });
      for (const word of nameWords(part)) candidates.push({ text: word, whole: false, capitalOnly: true });
    }
  }
  const byNorm = new Map<string, Needle>();
  for (const c of candidates) {
    const norm = normalize(c.text);
    if (countWordChars(norm) < 2 || PLACEHOLDER_VALUES.has(norm) || byNorm.has(norm)) continue;
    if (!c.whole && NOT_A_NAME.has(norm)) continue;
    byNorm.set(norm, { ...c, norm });
  }
  return [...byNorm.values()].sort((a, b) => b.norm.length - a.norm.length);
}

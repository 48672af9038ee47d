/**
 * Statement versions' words, which the incident state does not hold: each version's exact text is
 * in its `statement.drafted` entry, and the state keeps that entry's `seq` and the text's SHA-256
 * (state.ts). A state holding every version's words would grow with every draft and be rewritten
 * with every recording (the state a store keeps, src/io/log/state-file.ts, docs/clerk.md).
 *
 * A reader that goes through the entries collects the texts as it folds (`collectText`); a
 * recording command, which starts from the store's kept state, asks the store for the few it
 * needs (`LogStore.statementTexts`, which reads those entries and checks each one).
 */
import type { FoldEntry } from '../incident/fold.js';
import type { RecordedEvent } from '../incident/events.js';
import type { StatementVersion } from './state.js';

/** Words by the seq of the `statement.drafted` entry that logged them. */
export type StatementTexts = ReadonlyMap<number, string>;

/** Keep the words of a `statement.drafted` entry (others are ignored): call it beside the fold. */
export function collectText(texts: Map<number, string>, entry: FoldEntry): void {
  const e = entry as RecordedEvent;
  if (e.type === 'statement.drafted') texts.set(e.seq, e.data.text);
}

/** The words of every drafted version among `entries`. */
export function textsOf(entries: readonly FoldEntry[]): Map<number, string> {
  const texts = new Map<number, string>();
  for (const e of entries) collectText(texts, e);
  return texts;
}

/** A version's words; a bug when they were not collected with the state they belong to. */
export function textOf(texts: StatementTexts, v: Pick<StatementVersion, 'seq' | 'file'>): string {
  const text = texts.get(v.seq);
  if (text === undefined) throw new Error(`the words of ${v.file} (entry #${v.seq}) were not read with the state`);
  return text;
}

/** The words by the SHA-256 the state knows each version by (what releases and approvals bind to). */
export function wordsBySha256(
  statements: Record<string, { versions: readonly StatementVersion[] }>,
  texts: StatementTexts,
): (sha256: string) => string | undefined {
  const words = new Map<string, string>();
  for (const id of Object.keys(statements))
    for (const v of statements[id]!.versions) {
      const text = texts.get(v.seq);
      if (text !== undefined) words.set(v.sha256, text);
    }
  return (sha) => words.get(sha);
}

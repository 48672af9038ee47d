/**
 * Checks on a statement draft, each reported at the line it concerns. Errors block approval;
 * warnings are recorded with it. Pure: the time, the release times and the formatting of times
 * and values come in from the caller.
 */
import {
  anchorOf,
  type Action,
  type Fact,
  type FactValue,
  type FlaggedPhrase,
  type StatementChecks,
  type TimeRule,
} from '../playbook/model.js';
import { durationInWords, parseDuration } from '../time/duration.js';
import { DEFAULT_CERC, cercFromPlaybook } from './cerc.js';
import type { FormatValue } from './render.js';
import { type SearchText, findAll, lineAt, normalize, searchText } from './search-text.js';
import { sensitiveNeedles } from './sensitive.js';
import { compileFlagged, findAll as findAllMatches } from '../playbook/flagged-pattern.js';
import { codePoint, unsafeCharacters } from '../text/visible.js';

export interface Finding {
  level: 'error' | 'warning';
  /** 1-based line of the draft. */
  line: number;
  message: string;
  /** `cerc/<element>`, `sensitive-fact`, `flagged-phrase`, `missing-fact`. */
  rule: string;
}

export interface CheckContext {
  action: Action;
  checks: StatementChecks | undefined;
  /** The incident's current fact values. */
  facts: Readonly<Record<string, FactValue>>;
  playbookFacts: readonly Fact[];
  now: Date;
  /** When a sensitive fact may be released; undefined = its anchor has not happened yet. */
  releaseTimeOf: (factId: string) => Date | undefined;
  /** How times appear in messages (the command layer passes the playbook zone). Default: UTC. */
  formatTime?: (d: Date) => string;
  /** The formatter the draft was rendered with, so a value is also found in its printed form. */
  formatValue?: FormatValue;
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function checkDraft(text: string, ctx: CheckContext): Finding[] {
  const st = searchText(text);
  const findings = [
    ...checkCerc(st, ctx),
    ...checkMissing(text),
    ...checkSensitive(text, st, ctx),
    ...checkPromises(text, st, ctx),
    ...(ctx.checks?.flagged_phrases ?? []).flatMap((p) => checkFlagged(text, st, p)),
  ];
  const rank = (f: Finding) => (f.level === 'error' ? 0 : 1);
  return findings.sort((a, b) => a.line - b.line || rank(a) - rank(b));
}

/**
 * Control and bidi characters (a lone carriage return, ESC, a right-to-left override, a
 * zero-width space) print as something other than what was approved, or hide text: an error at
 * each line that has one. A CRLF line end is a line end.
 */
function checkCharacters(text: string, st: SearchText): Finding[] {
  const byLine = new Map<number, string[]>();
  for (const { index, char } of unsafeCharacters(text)) {
    if (char === '\r' && text[index + 1] === '\n') continue;
    const line = lineAt(st, index);
    const seen = byLine.get(line) ?? [];
    if (!seen.includes(codePoint(char))) seen.push(codePoint(char));
    byLine.set(line, seen);
  }
  return [...byLine].map(([line, chars]) => ({
    level: 'error' as const,
    line,
    rule: 'control-character',
    message: `this line has ${chars.length === 1 ? 'a control or bidi character' : 'control or bidi characters'} (${chars.join(', ')}) that would print as something other than what was approved, or hide text: remove ${chars.length === 1 ? 'it' : 'them'}.`,
  }));
}

/** The six CERC elements, for statements the playbook marks `statement.first`. */
function checkCerc(st: SearchText, ctx: CheckContext): Finding[] {
  if (!ctx.action.statement?.first) return [];
  const elements = ctx.checks?.cerc?.length ? cercFromPlaybook(ctx.checks.cerc) : DEFAULT_CERC;
  const findings: Finding[] = [];
  for (const element of elements) {
    const absent = element.groups.filter((g) => !g.cues.some((cue) => findAll(st, normalize(cue)).length > 0));
    if (absent.length === 0) continue;
    const which = element.groups.length > 1 ? ` (missing: ${absent.map((g) => g.title).join('; ')})` : '';
    findings.push({
      level: 'error',
      line: 1,
      rule: `cerc/${element.id}`,
      message: `a first statement must include the CERC element "${element.title}"${which}: ${element.advice}`,
    });
  }
  return findings;
}

const MISSING = /\[MISSING: ([^\]\n]*)\]/g;

function checkMissing(text: string): Finding[] {
  const st = searchText(text);
  return [...text.matchAll(MISSING)].map((m) => ({
    level: 'error' as const,
    line: lineAt(st, m.index),
    rule: 'missing-fact',
    message: `fact "${m[1]}" has no value here: record it (cic fact set ${m[1]}=…) and draft again, or write the text in`,
  }));
}

const CAPITAL_AT = /^\p{Lu}/u;

/**
 * A statement that promises a time already past ("our next update will be at 06:00" drafted at
 * 07:10) promises what the city cannot keep: an error at each line that says it.
 */
function checkPromises(text: string, st: SearchText, ctx: CheckContext): Finding[] {
  const fmtTime = ctx.formatTime ?? utc;
  const findings: Finding[] = [];
  for (const fact of ctx.playbookFacts) {
    const value = ctx.facts[fact.id];
    if (!fact.promise || typeof value !== 'string') continue;
    const promised = new Date(value);
    if (Number.isNaN(promised.getTime()) || promised.getTime() > ctx.now.getTime()) continue;
    const shown = ctx.formatValue?.(fact.id, value) ?? value;
    // Only a statement that says the time promises it.
    const lines = [...new Set(findAll(st, normalize(shown)).map((r) => lineAt(st, r.start)))];
    for (const line of lines)
      findings.push({
        level: 'error',
        line,
        rule: 'past-promise',
        message: `${fact.id} promises ${fmtTime(promised)}, which has already passed: set a time ahead (cic fact set ${fact.id}="…") and draft again.`,
      });
  }
  return findings;
}

function checkSensitive(text: string, st: SearchText, ctx: CheckContext): Finding[] {
  const fmtTime = ctx.formatTime ?? utc;
  const findings: Finding[] = [];
  for (const fact of ctx.playbookFacts) {
    if (!fact.sensitive || !Object.hasOwn(ctx.facts, fact.id)) continue;
    const releaseAt = ctx.releaseTimeOf(fact.id);
    if (releaseAt !== undefined && ctx.now.getTime() >= releaseAt.getTime()) continue;
    const value = ctx.facts[fact.id]!;
    const shown = ctx.formatValue?.(fact.id, value);
    const rule = describeTimeRule(fact.sensitive.not_before);
    const when =
      releaseAt === undefined
        ? `may not be released yet (not before ${rule}, which has not happened)`
        : `may not be released before ${fmtTime(releaseAt)} (${rule})`;
    const reason = fact.sensitive.reason ? ` ${fact.sensitive.reason.trim()}` : '';
    // Longest first, so "J. Smith" is reported as that, not again as "Smith" inside it.
    const claimed: { start: number; end: number }[] = [];
    const byLine = new Map<number, string[]>();
    for (const needle of sensitiveNeedles(value, shown)) {
      for (const range of findAll(st, needle.norm, { start: true, end: true })) {
        if (needle.capitalOnly && !CAPITAL_AT.test(text.slice(range.start, range.start + 2))) continue;
        if (claimed.some((c) => range.start < c.end && c.start < range.end)) continue;
        claimed.push(range);
        const line = lineAt(st, range.start);
        const seen = byLine.get(line) ?? [];
        if (!seen.includes(needle.text)) seen.push(needle.text);
        byLine.set(line, seen);
      }
    }
    for (const [line, seen] of byLine) {
      const quoted = seen.map((t) => `"${t}"`).join(', ');
      findings.push({
        level: 'error',
        line,
        rule: 'sensitive-fact',
        message: `${fact.id} ${when}, and this line has ${quoted}. Remove ${seen.length === 1 ? 'it' : 'them'}${releaseAt ? ', or wait until then' : ''}.${reason}`,
      });
    }
  }
  return findings;
}

function checkFlagged(text: string, st: SearchText, phrase: FlaggedPhrase): Finding[] {
  const lines = new Map<number, string>();
  if (phrase.regex) {
    // Linear time (flagged-pattern.ts): this runs while the incident's lock is held.
    const compiled = compileFlagged(phrase.pattern);
    if (!compiled.ok) {
      return [
        {
          level: 'warning',
          line: 1,
          rule: 'flagged-phrase',
          message: `the playbook's flagged pattern /${phrase.pattern}/ was not checked: ${compiled.problem}`,
        },
      ];
    }
    for (const m of findAllMatches(compiled.re, text)) {
      const line = lineAt(st, m.index);
      if (!lines.has(line)) lines.set(line, m.text);
    }
  } else {
    for (const { start } of findAll(st, normalize(phrase.pattern))) {
      const line = lineAt(st, start);
      if (!lines.has(line)) lines.set(line, phrase.pattern);
    }
  }
  return [...lines].map(([line, found]) => ({
    level: 'warning' as const,
    line,
    rule: 'flagged-phrase',
    message: `"${found.trim()}" is flagged by the playbook: ${phrase.reason}`,
  }));
}

const ANCHOR_WORDS = {
  occurred: 'the incident occurred',
  declared: 'the incident was declared',
  tier_set: 'its current tier was set',
  closed: 'the incident is closed',
  received: 'the request was received',
} as const;

/**
 * A point in time, to follow "not before" or "until": "48 hours after action notify-next-of-kin
 * is done", "2 business days after the incident is closed", and with no span the event itself,
 * "action notify-next-of-kin is done" ("not before once … is done" is not English).
 */
export function describeTimeRule(rule: TimeRule): string {
  const a = anchorOf(rule);
  const anchor =
    a === undefined
      ? 'the earliest or latest of its rules'
      : typeof a === 'string'
        ? ANCHOR_WORDS[a]
        : 'action' in a
          ? `action ${a.action} is done`
          : 'scheduled' in a
            ? `press conference ${a.scheduled} starts`
            : `the time in ${a.fact}`;
  const parsed = rule.within === undefined ? undefined : parseDuration(rule.within);
  const span =
    rule.business_days !== undefined
      ? `${rule.business_days} business day${rule.business_days === 1 ? '' : 's'}`
      : parsed
        ? durationInWords(parsed)
        : rule.within;
  if (span === undefined || span === 'no time') return anchor;
  return `${span} ${rule.before !== undefined ? 'before' : 'after'} ${anchor}`;
}

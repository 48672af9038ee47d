/**
 * Showing and reading times the way the people in the room use them: 24-hour local time in the
 * playbook's zone with its abbreviation ("2026-11-26 14:05 CST"), RFC 3339 with the zone's own
 * offset for machines, and plain relative wording ("overdue 12 min").
 *
 * A small hand-written formatter instead of date-fns `format`: that import alone costs about half
 * a `node -e 0` at start-up, and views only need a handful of fields.
 */
import { InputError } from '../errors.js';
import { oneLine } from '../text/visible.js';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  daysInMonth,
  offsetMinutes,
  resolveWallTime,
  wallTime,
  type WallTime,
} from './zoned.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `+hh:mm` / `-hh:mm` for an offset in minutes. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(minutes));
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();
function shortZoneName(date: Date, zone: string, locale: string): string {
  const key = `${locale} ${zone}`;
  let f = nameFormats.get(key);
  if (!f) nameFormats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })));
  return f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * The zone's abbreviation at `date`: "CST"/"CDT", "BST"/"GMT", "CET". The en-US names cover the
 * Americas, en-GB's cover Britain and Europe; where neither has a name ("GMT+5:30") it is the
 * offset, "UTC+05:30".
 */
export function zoneAbbreviation(date: Date, zone: string): string {
  for (const locale of ['en-US', 'en-GB']) {
    const name = shortZoneName(date, zone, locale);
    if (name && !/^GMT[+-]/.test(name)) return name;
  }
  return `UTC${offsetText(offsetMinutes(zone, date.getTime()))}`;
}

// Longest tokens first so `EEEE` is not read as `EEE` + `E`.
const TOKENS = /'[^']*'|yyyy|MMM|MM|dd|EEEE|EEE|HH|mm|ss|xxx|zzz|[A-Za-z]/g;

function field(token: string, w: WallTime, date: Date, zone: string): string {
  switch (token) {
    case 'yyyy':
      return pad(w.year, 4);
    case 'MMM':
      return MONTH_NAMES[w.month - 1]!;
    case 'MM':
      return pad(w.month);
    case 'dd':
      return pad(w.day);
    case 'EEEE':
      return DAY_NAMES[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()]!;
    case 'EEE':
      return DAY_NAMES[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()]!.slice(0, 3);
    case 'HH':
      return pad(w.hour);
    case 'mm':
      return pad(w.minute);
    case 'ss':
      return pad(w.second);
    case 'xxx':
      return offsetText(offsetMinutes(zone, date.getTime()));
    case 'zzz':
      return zoneAbbreviation(date, zone);
    default:
      if (token.startsWith("'")) return token.slice(1, -1);
      // A typo in a view's pattern is a bug; fail loudly rather than print a stray letter.
      throw new Error(`formatInZone: unsupported pattern letter "${token}"`);
  }
}

/**
 * Format `date` as local time in `zone`. Pattern letters: yyyy MM MMM dd EEE EEEE HH mm ss,
 * xxx (offset "-06:00"), zzz (abbreviation "CST"); 'quoted' text is literal; other letters throw.
 * `{ abbreviation: true }` appends the zone abbreviation: "2026-11-26 14:05 CST".
 */
export function formatInZone(
  date: Date,
  zone: string,
  pattern = 'yyyy-MM-dd HH:mm',
  options: { abbreviation?: boolean } = {},
): string {
  const w = wallTime(date, zone);
  const text = pattern.replace(TOKENS, (token) => field(token, w, date, zone));
  return options.abbreviation ? `${text} ${zoneAbbreviation(date, zone)}` : text;
}

/**
 * RFC 3339 with the zone's offset at that instant: `2026-11-26T14:05:00-06:00`. Milliseconds are
 * written only when there are some, so whole-second deadlines read cleanly.
 */
export function toZonedIso(date: Date, zone: string): string {
  const w = wallTime(date, zone);
  const ms = w.millisecond ? `.${pad(w.millisecond, 3)}` : '';
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${ms}` +
    offsetText(offsetMinutes(zone, date.getTime()))
  );
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * A length of time in the status board's words, counting only whole units (so "35 min" means at
 * least 35 minutes): "<1 min", "12 min", "2 h", "2 h 5 min", "1 day 2 h", "3 days"; from a week
 * up, days only ("45 days"). Two units at most: the board is read at a glance.
 */
export function elapsedWords(ms: number): string {
  const abs = Math.abs(ms);
  if (!Number.isFinite(abs)) throw new Error(`elapsedWords: not a finite time span (${ms})`);
  if (abs === 0) return '0 min';
  if (abs < MINUTE_MS) return '<1 min';
  if (abs < HOUR_MS) return `${Math.floor(abs / MINUTE_MS)} min`;
  if (abs < DAY_MS) {
    const h = Math.floor(abs / HOUR_MS);
    const m = Math.floor((abs % HOUR_MS) / MINUTE_MS);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const days = Math.floor(abs / DAY_MS);
  const h = Math.floor((abs % DAY_MS) / HOUR_MS);
  return h && days < 7 ? `${plural(days, 'day')} ${h} h` : plural(days, 'day');
}

/**
 * How far `to` is past `from` as a person counts it on the calendar in `zone`: whole days by the
 * wall-clock date (so ten 30-day extensions across spring-forward are "300 days", although one
 * hour fewer elapsed), then the rest of the time: "300 days", "2 days 3 h", "5 h".
 */
export function calendarSpanWords(from: Date, to: Date, zone: string): string {
  const a = wallTime(from, zone);
  const b = wallTime(to, zone);
  const dayOf = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day) / DAY_MS;
  const timeOf = (w: WallTime) => Date.UTC(1970, 0, 1, w.hour, w.minute, w.second, w.millisecond);
  let days = dayOf(b) - dayOf(a);
  if (timeOf(b) < timeOf(a)) days--;
  if (days <= 0) return elapsedWords(to.getTime() - from.getTime());
  const dayEnd = resolveWallTime({ ...a, ...civilDate(dayOf(a) + days) }, zone).instant;
  const rest = to.getTime() - dayEnd.getTime();
  return rest >= MINUTE_MS ? `${plural(days, 'day')} ${elapsedWords(rest)}` : plural(days, 'day');
}

function civilDate(epochDay: number): Pick<WallTime, 'year' | 'month' | 'day'> {
  const d = new Date(epochDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * A deadline relative to now, given `due - now` in milliseconds: "in 35 min", "overdue 12 min",
 * "due now" at exactly zero.
 */
export function relative(fromNow: number): string {
  if (fromNow === 0) return 'due now';
  return fromNow > 0 ? `in ${elapsedWords(fromNow)}` : `overdue ${elapsedWords(fromNow)}`;
}

/** A bare clock time, "02:14": `--stated-at` takes the most recent such time (clockTimeBefore). */
const BARE_CLOCK_TIME = /^(\d{1,2}):(\d{2})$/;

/**
 * "02:14" as the most recent 02:14 in `zone` at or before `now` (today's, else yesterday's): what
 * a person means when they say when something already happened tonight. Undefined when `text` is
 * not a bare HH:MM; a time that does not exist or happens twice that day is refused as
 * parseUserTime refuses it.
 */
export function clockTimeBefore(text: string, zone: string, now: Date, what = 'time'): Date | undefined {
  const m = BARE_CLOCK_TIME.exec(text.trim());
  if (!m) return undefined;
  const hhmm = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  const today = formatInZone(now, zone, 'yyyy-MM-dd');
  const at = parseUserTime(`${today} ${hhmm}`, zone, what);
  if (at.getTime() <= now.getTime()) return at;
  const noonYesterday = new Date(resolveWallTime(wall(...ymd(today), 12, 0, 0, 0), zone).instant.getTime() - DAY_MS);
  return parseUserTime(`${formatInZone(noonYesterday, zone, 'yyyy-MM-dd')} ${hhmm}`, zone, what);
}

function ymd(date: string): [number, number, number] {
  const [y, mo, d] = date.split('-').map(Number);
  return [y!, mo!, d!];
}

const USER_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/;

/**
 * A time a person typed: RFC 3339 (`2026-11-26T14:05:00-06:00`, `…Z`), or local time in `zone`
 * (`2026-11-26 14:05`, seconds optional). A local time that the clocks skip or repeat is refused
 * with the choices spelled out: an audit log should not guess which 01:30 someone meant.
 */
export function parseUserTime(text: string, zone: string, what = 'time'): Date {
  const input = text.trim();
  const shown = oneLine(input);
  const example = toZonedIso(resolveWallTime(wall(2026, 11, 26, 14, 5, 0, 0), zone).instant, zone);
  const hint = `Write a local time in ${zone} like 2026-11-26 14:05, or an RFC 3339 time like ${example}.`;
  const m = USER_TIME.exec(input);
  if (!m) throw new InputError(`${what} "${shown}" is not a time cic understands.`, hint);

  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMins = m[11] === undefined ? 0 : Number(m[11]);
  const valid =
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMins <= 59;
  if (!valid) throw new InputError(`${what} "${shown}" is not a real date and time.`, hint);

  const w = wall(year!, month!, day!, hour!, minute!, second, millisecond);
  if (m[8] !== undefined || m[9] !== undefined) {
    const offset = m[8] !== undefined ? 0 : (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
    return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second, millisecond) - offset * MINUTE_MS);
  }

  const resolved = resolveWallTime(w, zone);
  if (resolved.kind === 'skipped') {
    throw new InputError(
      `${what} "${shown}" does not exist in ${zone}: the clocks skip that hour.`,
      `Did you mean ${formatInZone(resolved.instant, zone, 'yyyy-MM-dd HH:mm', { abbreviation: true })}? Write it as ${toZonedIso(resolved.instant, zone)}.`,
    );
  }
  if (resolved.kind === 'repeated') {
    const [first, second] = resolved.candidates as [Date, Date];
    const choice = (d: Date) => `${toZonedIso(d, zone)} (${zoneAbbreviation(d, zone)})`;
    throw new InputError(
      `${what} "${shown}" happens twice in ${zone}: the clocks go back that night.`,
      `Write it with its offset: ${choice(first)} for the first, ${choice(second)} for the second.`,
    );
  }
  return resolved.instant;
}

function wall(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): WallTime {
  return { year, month, day, hour, minute, second, millisecond };
}

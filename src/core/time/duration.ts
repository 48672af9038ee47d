/**
 * ISO 8601 durations as playbooks write them: `PT15M`, `PT24H`, `P1D`, `P45D`, `P1W`, `P1Y2M`.
 * A duration made only of time parts (H, M, S) is *clock* time: elapsed hours. One with date
 * parts (Y, M, W, D) is *calendar* time: `P1D` is the same wall-clock time the next day in the
 * playbook's zone, which differs from `PT24H` across a DST change.
 */

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parse, or return undefined when the text is not a duration cic accepts. */
export function parseDuration(text: string): Duration | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** True when the duration has only time parts (elapsed time, not calendar time). */
export function isClockDuration(d: Duration): boolean {
  return d.years === 0 && d.months === 0 && d.weeks === 0 && d.days === 0;
}

/** Milliseconds of a clock duration's time parts. */
export function clockMillis(d: Duration): number {
  return ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

const UNITS: [keyof Duration, string][] = [
  ['years', 'year'],
  ['months', 'month'],
  ['weeks', 'week'],
  ['days', 'day'],
  ['hours', 'hour'],
  ['minutes', 'minute'],
  ['seconds', 'second'],
];

/** "1 hour", "45 days", "2 hours 30 minutes"; "no time" for a zero duration. */
export function durationInWords(d: Duration): string {
  const parts = UNITS.filter(([k]) => d[k] > 0).map(([k, unit]) => `${d[k]} ${unit}${d[k] === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' ') : 'no time';
}

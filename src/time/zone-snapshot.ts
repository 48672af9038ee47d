/**
 * A time zone's offsets and abbreviations over a span of years, read once from the runtime's
 * time-zone data (through Intl) and kept beside the frozen playbook in `.playbook.json`.
 *
 * Why: the first Intl date formatter a process makes costs about 15 ms (ICU loads its locale
 * data), which is most of what `cic status` spends on time and a tenth of its start-up budget.
 * With the snapshot, a command that shows an incident needs no Intl at all.
 *
 * It is only ever a copy: used for instants inside its span, for its zone, and only under the
 * tzdata version it was read from (`process.versions.tz`); anything else asks Intl as before.
 * `cic verify` reads the zone again and compares (test/core/time/zone-snapshot holds the copy to
 * Intl's answer at every hour and around every change). Like the rest of `.playbook.json` no
 * hash covers it, so the after-action report, which reads the frozen YAML itself, never uses it.
 */

export interface ZoneSnapshot {
  zone: string;
  /** `process.versions.tz` when it was read. */
  tzdata: string;
  /** The span covered, epoch milliseconds, [from, to). */
  from: number;
  to: number;
  /** From each start on (ascending; the first is `from`), the offset in minutes east of UTC and the abbreviation. */
  spans: [start: number, offset: number, abbreviation: string][];
}

/** What the snapshot is read from: the Intl-backed answers (zoned.ts, format.ts). */
export interface ZoneReader {
  offset(instant: number): number;
  abbreviation(instant: number): string;
}

const SAMPLE_MS = 6 * 3_600_000;

/**
 * Read `zone` over [from, to): sampled every 6 hours (no zone changes twice that quickly), each
 * change then found to the second by bisection.
 */
export function takeZoneSnapshot(zone: string, from: number, to: number, read: ZoneReader): ZoneSnapshot {
  from = Math.floor(from / 1_000) * 1_000;
  to = Math.floor(to / 1_000) * 1_000;
  const last = to - 1_000;
  const at = (t: number): [number, string] => [read.offset(t), read.abbreviation(t)];
  const same = (a: [number, string], b: [number, string]) => a[0] === b[0] && a[1] === b[1];
  let current = at(from);
  const spans: ZoneSnapshot['spans'] = [[from, ...current]];
  for (let before = from, t = Math.min(from + SAMPLE_MS, last); before < last; before = t, t = Math.min(t + SAMPLE_MS, last)) {
    const reading = at(t);
    if (same(reading, current)) continue;
    // The change lies in (lo, hi]: narrow it to the first second with the new reading.
    let lo = before;
    let hi = t;
    while (hi - lo > 1_000) {
      const mid = lo + Math.floor((hi - lo) / 2_000) * 1_000;
      if (same(at(mid), current)) lo = mid;
      else hi = mid;
    }
    current = at(hi);
    spans.push([hi, ...current]);
  }
  return { zone, tzdata: tzdataVersion(), from, to, spans };
}

const tzdataVersion = (): string => process.versions.tz ?? 'unknown';

const inUse = new Map<string, ZoneSnapshot>();

/**
 * Use `snapshot` (as read back from a file: anything) for its zone in this process, if it is
 * well formed and was read under this runtime's tzdata. Returns whether it is in use.
 */
export function useZoneSnapshot(snapshot: unknown): boolean {
  if (!isUsable(snapshot)) return false;
  inUse.set(snapshot.zone, snapshot);
  return true;
}

/** Well formed and read under this runtime's tzdata: what `useZoneSnapshot` would use. */
export function isUsable(snapshot: unknown): snapshot is ZoneSnapshot {
  return isSnapshot(snapshot) && snapshot.tzdata === tzdataVersion() && snapshot.tzdata !== 'unknown';
}

/** Forget every snapshot in use (tests). */
export function forgetZoneSnapshots(): void {
  inUse.clear();
}

function span(zone: string, instant: number): ZoneSnapshot['spans'][number] | undefined {
  const s = inUse.get(zone);
  if (!s || !(instant >= s.from && instant < s.to)) return undefined;
  let lo = 0;
  let hi = s.spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.spans[mid]![0] <= instant) lo = mid;
    else hi = mid - 1;
  }
  return s.spans[lo];
}

/** The zone's offset at `instant` from a snapshot in use, or undefined (ask Intl). */
export const snapshotOffset = (zone: string, instant: number): number | undefined => span(zone, instant)?.[1];

/** The zone's abbreviation at `instant` from a snapshot in use, or undefined (ask Intl). */
export const snapshotAbbreviation = (zone: string, instant: number): string | undefined => span(zone, instant)?.[2];

function isSnapshot(v: unknown): v is ZoneSnapshot {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<ZoneSnapshot>;
  if (typeof s.zone !== 'string' || typeof s.tzdata !== 'string' || !Number.isFinite(s.from) || !Number.isFinite(s.to) || !Array.isArray(s.spans)) return false;
  if (s.spans.length === 0 || s.spans[0]?.[0] !== s.from) return false;
  let previous = -Infinity;
  for (const item of s.spans as unknown[]) {
    if (!Array.isArray(item) || item.length !== 3) return false;
    const [start, offset, abbreviation] = item as unknown[];
    if (typeof start !== 'number' || !(start > previous) || typeof offset !== 'number' || !Number.isFinite(offset) || typeof abbreviation !== 'string') return false;
    previous = start;
  }
  return true;
}

/**
 * Building one log entry (docs/design.md#the-log): the envelope around an event, validated against its schema
 * before it is canonicalised, then hashed with a domain-separation prefix. Pure apart from the
 * validator it is handed.
 */
import { hash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { EventType, IncidentEvent } from '../incident/events.js';
import type { AppendContext, LogEntry } from './envelope.js';
import { canonicalJson, jsonProblem } from './canonical.js';
import { checkLine, genesisOf, HASH_PREFIX, MAX_LINE_BYTES } from './line.js';

/** A check of a whole entry against the log entry schema: the first problem, or undefined. */
export type EntryCheck = (entry: unknown) => string | undefined;

export { HASH_PREFIX, MAX_LINE_BYTES };

// Every event type, checked by the compiler against events.ts in both directions.
const KNOWN: Record<EventType, true> = {
  'incident.opened': true,
  'fact.recorded': true,
  'incident.classified': true,
  'action.completed': true,
  'action.skipped': true,
  'action.approved': true,
  'clock.paused': true,
  'clock.resumed': true,
  'deadline.extended': true,
  note: true,
  'incident.closed': true,
  'incident.reopened': true,
  'statement.drafted': true,
  'statement.approved': true,
  'statement.rejected': true,
  'statement.released': true,
  'log.repaired': true,
  'press.scheduled': true,
  'press.cancelled': true,
  'commitment.made': true,
  'commitment.kept': true,
  'commitment.broken': true,
  'board.briefed': true,
  'board.acknowledged': true,
  'request.received': true,
};
export const EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(KNOWN));
const STUB_HASH = '0'.repeat(64);

export function sha256hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** `prev` of entry 0: binds the incident id and the frozen playbook's SHA-256. */
export function genesisHash(incident: string, playbookSha256: string): string {
  return genesisOf(incident, playbookSha256);
}

/** The hash of an entry: over the prefix and the canonical entry without `hash`. */
export function entryHash(body: Omit<LogEntry, 'hash'>): string {
  return sha256hex(HASH_PREFIX + canonicalJson(body));
}

export interface Sealed {
  entry: LogEntry;
  /** The canonical line, without its newline. */
  line: string;
}

/** The entry fields before hashing, with optional fields present only when they have a value. */
export function draftEntry(
  incident: string,
  seq: number,
  prev: string,
  ctx: AppendContext,
  event: IncidentEvent,
): Omit<LogEntry, 'hash'> {
  const body: Record<string, unknown> = {
    v: 1,
    incident,
    seq,
    at: ctx.at.toISOString(),
    actor: {
      role: ctx.actor.role,
      name: ctx.actor.name,
      user: ctx.actor.user,
      ...(ctx.actor.identity ? { identity: ctx.actor.identity } : {}),
    },
    type: event.type,
    data: event.data,
    prev,
  };
  if (event.stated_at !== undefined) body.stated_at = event.stated_at;
  if (ctx.simulated) body.clock = 'simulated';
  return body as unknown as Omit<LogEntry, 'hash'>;
}

/**
 * Validate, canonicalise and hash. Refuses (InputError) what JSON cannot carry faithfully, what
 * the schema rejects, and a line over the size limit. The result is checked by the verifier
 * itself, so nothing is written that `cic verify` would not accept.
 */
export function sealEntry(body: Omit<LogEntry, 'hash'>, check: EntryCheck): Sealed {
  const what = `the ${String(body.type)} entry`;
  if ('hash' in body) throw new Error('internal: an entry to seal already has a hash');
  const unsafe = jsonProblem(body);
  if (unsafe) throw new InputError(`cannot record ${what}: ${unsafe.replace(/^\$\.?/, '')}`, 'Nothing was recorded.');
  // The hash is computed from the canonical form, so the schema sees a stub in its place.
  const invalid = check({ ...body, hash: STUB_HASH });
  if (invalid) throw new InputError(`cannot record ${what}: ${invalid}`, 'Nothing was recorded.');
  const digest = sha256hex(HASH_PREFIX + canonicalJson(body));
  const entry = { ...body, hash: digest } as LogEntry;
  const line = canonicalJson(entry);
  const bytes = Buffer.byteLength(line);
  if (bytes > MAX_LINE_BYTES) {
    throw new InputError(
      `cannot record ${what}: it is ${bytes} bytes, over the ${MAX_LINE_BYTES}-byte limit for one entry`,
      'Shorten the text; nothing was recorded.',
    );
  }
  const problem = checkLine(line, body.incident, body.seq, body.prev);
  if (problem) throw new Error(`internal: a freshly built entry does not verify (${problem})`);
  return { entry, line };
}

/**
 * `cic verify`'s check of the state kept beside the log (state-file.ts). Recording commands
 * believe that state while the log still has its marked entry at its place, so a state that is
 * not the fold of the log up to that entry would have them decide on something the log does not
 * say. The check runs in the same pass as the chain's: each entry up to the mark is folded afresh
 * (a note by a byte test, as the fold only counts it; a state file with only a mark costs a
 * byte test per line: its status is all it holds).
 */
import { canonicalJson } from '../../core/log/canonical.js';
import { lastSimulated } from '../../core/log/line.js';
import type { LogEntry, VerifyReport } from '../../core/log/envelope.js';
import { foldInto, initialState } from '../../core/incident/fold.js';
import type { IncidentState } from '../../core/incident/state.js';
import { stateLines, type SavedState } from './state-file.js';

/**
 * - `none`: no state file, or one of another format or incident (commands ignore it);
 * - `unused`: the log no longer has its marked entry at its place (commands ignore it);
 * - `ok`: it is the fold of the log up to its mark;
 * - `differs`: it is not, and commands would believe it;
 * - `unchecked`: the log does not verify up to its mark;
 * - `removed`: it differed and `--repair` removed it.
 */
export type SavedStateCheck = 'none' | 'unused' | 'ok' | 'differs' | 'unchecked' | 'removed';

// In canonical form `type` is the last member but `v`: a line ending so is a top-level type.
const CLOSED = '"type":"incident.closed","v":1}';
const REOPENED = '"type":"incident.reopened","v":1}';
const NOTE = '"type":"note","v":1}';

export interface StateAudit {
  /** Hand every verified line to it, in seq order. */
  onEntry(line: string, seq: number): void;
  /** After the pass: whether the saved state is the log's fold up to its mark. */
  verdict(report: VerifyReport): SavedStateCheck;
}

/** An audit of `saved`, whose mark the log still holds. */
export function stateAudit(saved: SavedState, incident: string): StateAudit {
  const { mark } = saved;
  const state: IncidentState | undefined = saved.state ? initialState(incident) : undefined;
  let status: 'open' | 'closed' = 'open';
  let simulated = 0;
  let seen = -1;
  let foldFailed = false;
  return {
    onEntry(line, seq) {
      if (seq > mark.seq) return;
      seen = seq;
      if (line.endsWith(NOTE)) {
        if (state === undefined || foldFailed) return;
        // What the fold does with a note (fold.ts), without parsing it: most of a long log is
        // notes, and parsing each one cost several times the chain's own check. `lastSimulated` is
        // the line just checked: the verifier hands a line on right after checking it.
        state.notes++;
        state.last_seq = seq;
        if (lastSimulated) simulated++;
        return;
      }
      if (line.endsWith(CLOSED)) status = 'closed';
      else if (line.endsWith(REOPENED)) status = 'open';
      if (state === undefined || foldFailed) return;
      try {
        const entry = JSON.parse(line) as LogEntry;
        if (entry.clock === 'simulated') simulated++;
        foldInto(state, entry);
      } catch {
        foldFailed = true; // an entry this version cannot fold: verify reports the log's own problems
      }
    },
    verdict(report) {
      if (seen !== mark.seq || foldFailed || (!report.ok && (report.first_bad_seq ?? 0) <= mark.seq))
        return 'unchecked';
      if (mark.status !== status) return 'differs';
      if (state === undefined) return 'ok'; // a mark alone: its status is all commands read
      if (mark.simulated !== simulated) return 'differs';
      // As written by this cic, the file holds the fold's `stateLines`; anything else is compared in
      // canonical form (key order aside), which costs several times more.
      if (saved.json !== undefined && saved.json === stateLines(state)) return 'ok';
      const same = (x: unknown) => canonicalJson(JSON.parse(JSON.stringify(x)));
      return same(saved.state) === same(state) ? 'ok' : 'differs';
    },
  };
}

/**
 * Schema version 4: a kept state (`cic.states`) only at an entry of the log, and only forward.
 *
 * `cic status` and recording start from the kept state (docs/postgres.md, "The kept state"), so
 * the database now refuses, beyond what version 2 refused (a state beside a head some other
 * transaction appended):
 * - a `(seq, hash)` that is not the log's entry at that seq;
 * - a state at or before the one kept: a kept state only moves forward, so an earlier state
 *   cannot be put back over a later one.
 * What the database cannot check is that the state is the fold of the entries: only cic can fold.
 * A roster member who calls `cic.put_state` by hand beside an entry they have just appended can
 * keep a false one; `cic verify` folds the log and reports a kept state that differs (with the
 * login that kept it), and a DBA removes it.
 *
 * The DBA's `cic store copy` (members of `cic_owner`, who need not be on the roster) keeps the
 * state of the lines it copies in, in the same transaction (src/io/pg/pg-store.ts importLines).
 */
export const name = 'kept state only at an entry, only forward';

export const sql = String.raw`
SET LOCAL ROLE cic_owner;

CREATE OR REPLACE FUNCTION cic.put_state(p_incident text, p_format int, p_seq bigint, p_hash text, p_state text)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_kept bigint;
BEGIN
  IF NOT pg_has_role(session_user, 'cic_owner', 'MEMBER') THEN PERFORM cic.me(); END IF;
  IF NOT EXISTS (SELECT 1 FROM cic.entries e WHERE e.incident = p_incident AND e.seq = p_seq AND e.hash = p_hash) THEN
    RAISE EXCEPTION 'entry #% of incident % with that hash is not in the log: no state is kept beside it', p_seq, p_incident
      USING ERRCODE = '42501';
  END IF;
  -- The head row's xmin is this transaction's id only if this transaction moved the head there.
  IF NOT EXISTS (SELECT 1 FROM cic.heads h WHERE h.incident = p_incident AND h.seq = p_seq AND h.hash = p_hash
                   AND h.xmin::text::bigint = txid_current() % 4294967296) THEN
    RAISE EXCEPTION 'a state may be kept only by the transaction that appended the head it follows'
      USING ERRCODE = '42501';
  END IF;
  SELECT s.seq INTO v_kept FROM cic.states s WHERE s.incident = p_incident FOR UPDATE;
  IF v_kept >= p_seq THEN
    RAISE EXCEPTION 'a state is kept for incident % at entry #% already: a kept state only moves forward', p_incident, v_kept
      USING ERRCODE = '42501';
  END IF;
  INSERT INTO cic.states (incident, format, seq, hash, state) VALUES (p_incident, p_format, p_seq, p_hash, p_state)
  ON CONFLICT (incident) DO UPDATE SET format = excluded.format, seq = excluded.seq, hash = excluded.hash,
    state = excluded.state, written_by = session_user, written_at = clock_timestamp();
END $$;

RESET ROLE;
`;

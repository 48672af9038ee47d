/**
 * Schema version 2: the incident's state kept beside its log, and a roster copied in whole.
 *
 * `cic.states` is a cache, not a record (as the folder store's `.state.json`): the fold of an
 * incident's entries up to its head, so that recording reads one row instead of the whole log. It
 * is used only while the head is still the entry it was folded up to (same seq, same hash) and
 * its format is the one this cic folds; otherwise the log is read and folded as before. Only the
 * transaction that appended the head may keep a state for it, so a state cannot be put beside a
 * head some other writer made. Audits (`cic verify`, `cic report`) never read it.
 *
 * `cic.import_roster` takes a roster's chained lines verbatim, each checked to chain and hash as
 * `cic.roster_change` checks it, keeping its original author (`cic store copy`). Like the other
 * import functions it is for the DBA (members of `cic_owner`), not the city's logins, and only
 * into an empty roster.
 */
export const name = 'state beside the log, roster import';

export const sql = String.raw`
SET LOCAL ROLE cic_owner;

CREATE TABLE cic.states (
  incident text PRIMARY KEY REFERENCES cic.incidents,
  format int NOT NULL,
  seq bigint NOT NULL,
  hash text NOT NULL,
  state text NOT NULL,
  written_by name NOT NULL DEFAULT session_user,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION cic.put_state(p_incident text, p_format int, p_seq bigint, p_hash text, p_state text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM cic.me();
  -- The head row's xmin is this transaction's id only if this transaction moved the head there.
  IF NOT EXISTS (SELECT 1 FROM cic.heads h WHERE h.incident = p_incident AND h.seq = p_seq AND h.hash = p_hash
                   AND h.xmin::text::bigint = txid_current() % 4294967296) THEN
    RAISE EXCEPTION 'a state may be kept only by the transaction that appended the head it follows'
      USING ERRCODE = '42501';
  END IF;
  INSERT INTO cic.states (incident, format, seq, hash, state) VALUES (p_incident, p_format, p_seq, p_hash, p_state)
  ON CONFLICT (incident) DO UPDATE SET format = excluded.format, seq = excluded.seq, hash = excluded.hash,
    state = excluded.state, written_by = session_user, written_at = clock_timestamp();
END $$;

CREATE FUNCTION cic.import_roster(p_lines text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE h cic.roster_head; v json; c json; v_line text;
BEGIN
  SELECT * INTO h FROM cic.roster_head FOR UPDATE;
  IF h.seq <> -1 OR EXISTS (SELECT 1 FROM cic.people) THEN
    RAISE EXCEPTION 'this database already has a roster' USING ERRCODE = '55000';
  END IF;
  FOREACH v_line IN ARRAY p_lines LOOP
    v := v_line::json;
    c := v->'change';
    IF (v->>'seq')::bigint IS DISTINCT FROM h.seq + 1 OR v->>'prev' IS DISTINCT FROM h.hash
       OR NOT cic.line_hash_ok(v_line, v->>'hash', 'cic-roster-v1' || chr(10)) THEN
      RAISE EXCEPTION 'roster change #% does not continue the chain it claims to', h.seq + 1 USING ERRCODE = '22023';
    END IF;
    IF c->>'op' = 'set' THEN
      INSERT INTO cic.people (login, name, roles, keeper)
      VALUES (c->>'login', c->>'name', ARRAY(SELECT json_array_elements_text(c->'roles')), (c->>'keeper')::boolean)
      ON CONFLICT (login) DO UPDATE SET name = excluded.name, roles = excluded.roles, keeper = excluded.keeper;
    ELSIF c->>'op' = 'remove' THEN
      DELETE FROM cic.people WHERE login = c->>'login';
    ELSE
      RAISE EXCEPTION 'unknown roster change %', c->>'op' USING ERRCODE = '22023';
    END IF;
    INSERT INTO cic.roster_log (seq, prev, hash, line) VALUES (h.seq + 1, h.hash, v->>'hash', v_line);
    h.seq := h.seq + 1;
    h.hash := v->>'hash';
  END LOOP;
  UPDATE cic.roster_head SET seq = h.seq, hash = h.hash;
  RETURN h.seq;
END $$;

REVOKE ALL ON FUNCTION cic.put_state(text, int, bigint, text, text), cic.import_roster(text[]) FROM PUBLIC;
GRANT SELECT ON cic.states TO cic_city;
GRANT EXECUTE ON FUNCTION cic.put_state(text, int, bigint, text, text) TO cic_city;
RESET ROLE;
`;

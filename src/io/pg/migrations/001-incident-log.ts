/**
 * Schema version 1: incidents, their logs, drafts, the roster and the roster's own chained log.
 *
 * Who may do what is enforced here, where no cic command can bypass it (docs/postgres.md):
 * - every object belongs to `cic_owner`, a role nobody logs in as;
 * - the city's people log in as themselves and are members of `cic_city`, which may read and may
 *   call the SECURITY DEFINER functions below, and nothing else: no INSERT, UPDATE, DELETE or
 *   TRUNCATE on any table;
 * - `cic.append` checks the session's own login (`session_user`, never a name typed in) against
 *   the roster and each entry's role, name and chain link before inserting;
 * - triggers refuse UPDATE, DELETE and TRUNCATE of entries and roster changes even to the owner,
 *   enabled ALWAYS so `session_replication_role` cannot mute them. A superuser can still rewrite
 *   anything: `cic verify` and a recorded head digest catch that.
 *
 * Entries are stored as the exact canonical line (`text`, not `jsonb`, which would re-encode it).
 */
export const name = 'incident log, drafts, roster';

export const sql = String.raw`
-- Roles belong to the whole cluster: several cic databases on one server share these two.
DO $roles$ BEGIN
  BEGIN CREATE ROLE cic_owner NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  BEGIN CREATE ROLE cic_city NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
END $roles$;

GRANT USAGE ON SCHEMA cic_schema TO cic_city;
GRANT SELECT ON cic_schema.migrations TO cic_city;

CREATE SCHEMA cic AUTHORIZATION cic_owner;
REVOKE ALL ON SCHEMA cic FROM PUBLIC;
SET LOCAL ROLE cic_owner;
-- Functions are executable by PUBLIC unless revoked; a per-schema default cannot revoke that.
ALTER DEFAULT PRIVILEGES FOR ROLE cic_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Switches only the database owner can set; the one that exists is for the tests' negative control.
CREATE TABLE cic.settings (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE cic.incidents (
  id text PRIMARY KEY CHECK (id ~ '^[0-9]{4}-[0-9]{4}$'),
  playbook text NOT NULL,
  playbook_sha256 text NOT NULL CHECK (playbook_sha256 ~ '^[0-9a-f]{64}$'),
  playbook_model text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  created_by name NOT NULL DEFAULT session_user
);

CREATE TABLE cic.heads (
  incident text PRIMARY KEY REFERENCES cic.incidents,
  seq bigint NOT NULL CHECK (seq >= -1),
  hash text NOT NULL,
  lifecycle text NOT NULL DEFAULT 'empty' CHECK (lifecycle IN ('empty', 'open', 'closed'))
);

CREATE TABLE cic.entries (
  incident text NOT NULL REFERENCES cic.incidents,
  seq bigint NOT NULL CHECK (seq >= 0),
  prev text NOT NULL,
  hash text NOT NULL UNIQUE,
  line text NOT NULL,
  login name NOT NULL DEFAULT session_user,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (incident, seq)
);

CREATE TABLE cic.drafts (
  incident text NOT NULL REFERENCES cic.incidents,
  file text NOT NULL CHECK (file ~ '^drafts/[A-Za-z0-9][A-Za-z0-9._-]*$'),
  body text NOT NULL,
  sha256 text NOT NULL,
  written_by name NOT NULL DEFAULT session_user,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (incident, file)
);

CREATE TABLE cic.reports (
  incident text NOT NULL REFERENCES cic.incidents,
  file text NOT NULL,
  body bytea NOT NULL,
  written_by name NOT NULL DEFAULT session_user,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (incident, file)
);

CREATE TABLE cic.people (
  login name PRIMARY KEY,
  name text NOT NULL,
  roles text[] NOT NULL,
  keeper boolean NOT NULL DEFAULT false
);

CREATE TABLE cic.roster_log (
  seq bigint PRIMARY KEY CHECK (seq >= 0),
  prev text NOT NULL,
  hash text NOT NULL UNIQUE,
  line text NOT NULL,
  login name NOT NULL DEFAULT session_user,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE cic.roster_head (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO cic.roster_head VALUES (true, -1, encode(sha256(convert_to('cic-roster-genesis-v1' || chr(10), 'UTF8')), 'hex'));

CREATE FUNCTION cic.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the record is append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;
CREATE TRIGGER no_rewrite BEFORE UPDATE OR DELETE ON cic.entries FOR EACH ROW EXECUTE FUNCTION cic.refuse();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON cic.entries FOR EACH STATEMENT EXECUTE FUNCTION cic.refuse();
CREATE TRIGGER no_rewrite BEFORE UPDATE OR DELETE ON cic.roster_log FOR EACH ROW EXECUTE FUNCTION cic.refuse();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON cic.roster_log FOR EACH STATEMENT EXECUTE FUNCTION cic.refuse();
-- An incident is removed only while it has no entries (an opening that failed), never changed.
CREATE FUNCTION cic.refuse_incident_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM cic.entries e WHERE e.incident = OLD.id) THEN RETURN OLD; END IF;
  RAISE EXCEPTION 'the record is append-only: % on incidents is refused', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER no_rewrite BEFORE UPDATE OR DELETE ON cic.incidents FOR EACH ROW EXECUTE FUNCTION cic.refuse_incident_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON cic.incidents FOR EACH STATEMENT EXECUTE FUNCTION cic.refuse();
ALTER TABLE cic.entries ENABLE ALWAYS TRIGGER no_rewrite, ENABLE ALWAYS TRIGGER no_truncate;
ALTER TABLE cic.roster_log ENABLE ALWAYS TRIGGER no_rewrite, ENABLE ALWAYS TRIGGER no_truncate;
ALTER TABLE cic.incidents ENABLE ALWAYS TRIGGER no_rewrite, ENABLE ALWAYS TRIGGER no_truncate;

ALTER TABLE cic.entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON cic.entries FOR SELECT TO cic_city USING (true);

-- The line's own hash: SHA-256 over the prefix and the canonical line without its hash member
-- (in canonical form that member is never last, so it goes with the comma after it).
CREATE FUNCTION cic.line_hash_ok(p_line text, p_hash text, p_prefix text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT p_hash ~ '^[0-9a-f]{64}$'
     AND encode(sha256(convert_to(p_prefix || replace(p_line, '"hash":"' || p_hash || '",', ''), 'UTF8')), 'hex') = p_hash
$$;

-- Who the session is on the roster: null when the roster is empty (identity not checked).
CREATE FUNCTION cic.me() RETURNS cic.people
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v cic.people;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM cic.people) THEN RETURN NULL; END IF;
  SELECT * INTO v FROM cic.people WHERE login = session_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the login % is not on this workspace''s roster', session_user USING ERRCODE = '42501';
  END IF;
  RETURN v;
END $$;

-- Take the incident's head for this transaction: appends to one incident queue here.
CREATE FUNCTION cic.lock_head(p_incident text) RETURNS TABLE (seq bigint, hash text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM cic.me();
  IF EXISTS (SELECT 1 FROM cic.settings s WHERE s.key = 'test_unsafe_no_head_check' AND s.value = 'on') THEN
    RETURN QUERY SELECT h.seq, h.hash FROM cic.heads h WHERE h.incident = p_incident;
  ELSE
    RETURN QUERY SELECT h.seq, h.hash FROM cic.heads h WHERE h.incident = p_incident FOR UPDATE;
  END IF;
END $$;

CREATE FUNCTION cic.append(p_incident text, p_first bigint, p_prev text, p_lines text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me cic.people := cic.me();
  v_unsafe boolean := EXISTS (SELECT 1 FROM cic.settings s WHERE s.key = 'test_unsafe_no_head_check' AND s.value = 'on');
  v_prev text := p_prev;
  v_seq bigint := p_first;
  v_line text;
  v json;
  v_hash text;
  v_type text;
  v_life text;
BEGIN
  IF coalesce(array_length(p_lines, 1), 0) = 0 THEN RETURN p_first - 1; END IF;
  FOREACH v_line IN ARRAY p_lines LOOP
    v := v_line::json;
    v_hash := v->>'hash';
    IF v->>'incident' IS DISTINCT FROM p_incident OR (v->>'seq')::bigint IS DISTINCT FROM v_seq
       OR v->>'prev' IS DISTINCT FROM v_prev THEN
      RAISE EXCEPTION 'entry #% does not continue the chain it claims to', v_seq USING ERRCODE = '22023';
    END IF;
    IF NOT cic.line_hash_ok(v_line, v_hash, 'cic-log-v1' || chr(10)) THEN
      RAISE EXCEPTION 'entry #%: its hash does not match its text', v_seq USING ERRCODE = '22023';
    END IF;
    IF v->'actor'->>'user' IS DISTINCT FROM 'pg:' || session_user THEN
      RAISE EXCEPTION 'entry #% names user %, but the session is %', v_seq, v->'actor'->>'user', session_user
        USING ERRCODE = '42501';
    END IF;
    IF v_me IS NULL THEN
      IF v->'actor'->>'identity' IS DISTINCT FROM 'unchecked' THEN
        RAISE EXCEPTION 'entry #%: without a roster an entry must say its identity was not checked', v_seq
          USING ERRCODE = '42501';
      END IF;
    ELSE
      IF v->'actor'->>'identity' IS DISTINCT FROM 'roster' OR v->'actor'->>'name' IS DISTINCT FROM v_me.name THEN
        RAISE EXCEPTION 'entry #% must carry the roster''s name for %', v_seq, session_user USING ERRCODE = '42501';
      END IF;
      IF NOT (v->'actor'->>'role') = ANY (v_me.roles) THEN
        RAISE EXCEPTION '% (%) does not hold the role %', v_me.name, session_user, v->'actor'->>'role'
          USING ERRCODE = '42501';
      END IF;
    END IF;
    v_type := v->>'type';
    v_life := CASE WHEN v_type = 'incident.closed' THEN 'closed' WHEN v_type = 'incident.reopened' THEN 'open' ELSE v_life END;
    INSERT INTO cic.entries (incident, seq, prev, hash, line) VALUES (p_incident, v_seq, v_prev, v_hash, v_line);
    v_prev := v_hash;
    v_seq := v_seq + 1;
  END LOOP;
  IF v_unsafe THEN
    UPDATE cic.heads SET seq = v_seq - 1, hash = v_prev, lifecycle = coalesce(v_life, 'open') WHERE incident = p_incident;
  ELSE
    UPDATE cic.heads SET seq = v_seq - 1, hash = v_prev,
      lifecycle = coalesce(v_life, CASE WHEN lifecycle = 'empty' THEN 'open' ELSE lifecycle END)
     WHERE incident = p_incident AND seq = p_first - 1 AND hash = p_prev;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the head of incident % moved', p_incident USING ERRCODE = 'LG409';
    END IF;
  END IF;
  RETURN v_seq - 1;
END $$;

-- A new incident: the next free id of the year, its frozen playbook, and an empty head.
CREATE FUNCTION cic.genesis(p_incident text, p_sha256 text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT encode(sha256(convert_to('cic-genesis-v1' || chr(10) || p_incident || chr(10) || p_sha256, 'UTF8')), 'hex')
$$;

CREATE FUNCTION cic.create_incident(p_year text, p_playbook text, p_sha256 text, p_model text)
RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_n int; v_id text;
BEGIN
  PERFORM cic.me();
  IF p_year !~ '^[0-9]{4}$' THEN RAISE EXCEPTION 'bad year %', p_year USING ERRCODE = '22023'; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('cic.create_incident'));
  SELECT coalesce(max(substr(id, 6)::int), 0) + 1 INTO v_n FROM cic.incidents WHERE id LIKE p_year || '-%';
  IF v_n > 9999 THEN RAISE EXCEPTION 'no incident ids left for %', p_year USING ERRCODE = '22023'; END IF;
  v_id := p_year || '-' || lpad(v_n::text, 4, '0');
  INSERT INTO cic.incidents (id, playbook, playbook_sha256, playbook_model) VALUES (v_id, p_playbook, p_sha256, p_model);
  INSERT INTO cic.heads (incident, seq, hash) VALUES (v_id, -1, cic.genesis(v_id, p_sha256));
  RETURN v_id;
END $$;

-- Copying a workspace in (cic store copy): an incident under its own id, then its lines verbatim,
-- each checked to chain and hash as cic.append does but keeping its original actor. Only the
-- owner's members (the DBA) may call these; they are not granted to the city's logins.
CREATE FUNCTION cic.import_incident(p_id text, p_playbook text, p_sha256 text, p_model text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF encode(sha256(convert_to(p_playbook, 'UTF8')), 'hex') IS DISTINCT FROM p_sha256 THEN
    RAISE EXCEPTION 'the playbook text does not match its SHA-256' USING ERRCODE = '22023';
  END IF;
  INSERT INTO cic.incidents (id, playbook, playbook_sha256, playbook_model) VALUES (p_id, p_playbook, p_sha256, p_model);
  INSERT INTO cic.heads (incident, seq, hash) VALUES (p_id, -1, cic.genesis(p_id, p_sha256));
END $$;

CREATE FUNCTION cic.import_lines(p_incident text, p_first bigint, p_prev text, p_lines text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_prev text := p_prev; v_seq bigint := p_first; v_line text; v json; v_type text; v_life text;
BEGIN
  FOREACH v_line IN ARRAY p_lines LOOP
    v := v_line::json;
    IF v->>'incident' IS DISTINCT FROM p_incident OR (v->>'seq')::bigint IS DISTINCT FROM v_seq
       OR v->>'prev' IS DISTINCT FROM v_prev OR NOT cic.line_hash_ok(v_line, v->>'hash', 'cic-log-v1' || chr(10)) THEN
      RAISE EXCEPTION 'entry #% does not continue the chain it claims to', v_seq USING ERRCODE = '22023';
    END IF;
    v_type := v->>'type';
    v_life := CASE WHEN v_type = 'incident.closed' THEN 'closed' WHEN v_type = 'incident.reopened' THEN 'open' ELSE v_life END;
    INSERT INTO cic.entries (incident, seq, prev, hash, line) VALUES (p_incident, v_seq, v_prev, v->>'hash', v_line);
    v_prev := v->>'hash';
    v_seq := v_seq + 1;
  END LOOP;
  UPDATE cic.heads SET seq = v_seq - 1, hash = v_prev,
    lifecycle = coalesce(v_life, CASE WHEN lifecycle = 'empty' THEN 'open' ELSE lifecycle END)
   WHERE incident = p_incident AND seq = p_first - 1 AND hash = p_prev;
  IF NOT FOUND THEN RAISE EXCEPTION 'the head of incident % moved', p_incident USING ERRCODE = 'LG409'; END IF;
  RETURN v_seq - 1;
END $$;

-- An opening that failed before its first entry: the incident is removed again.
CREATE FUNCTION cic.discard_if_empty(p_incident text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM cic.me();
  IF EXISTS (SELECT 1 FROM cic.entries WHERE incident = p_incident)
     OR NOT EXISTS (SELECT 1 FROM cic.incidents WHERE id = p_incident AND created_by = session_user) THEN
    RETURN;
  END IF;
  DELETE FROM cic.heads WHERE incident = p_incident;
  DELETE FROM cic.drafts WHERE incident = p_incident;
  DELETE FROM cic.reports WHERE incident = p_incident;
  DELETE FROM cic.incidents WHERE id = p_incident;
END $$;

-- A draft's text, written before the entry that binds its SHA-256 (replaced while unrecorded).
CREATE FUNCTION cic.put_draft(p_incident text, p_file text, p_body text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM cic.me();
  INSERT INTO cic.drafts (incident, file, body, sha256)
  VALUES (p_incident, p_file, p_body, encode(sha256(convert_to(p_body, 'UTF8')), 'hex'))
  ON CONFLICT (incident, file) DO UPDATE SET body = excluded.body, sha256 = excluded.sha256,
    written_by = session_user, written_at = clock_timestamp()
  WHERE NOT EXISTS (SELECT 1 FROM cic.entries e WHERE e.incident = p_incident
                      AND e.line LIKE '%"sha256":"' || cic.drafts.sha256 || '"%');
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the draft % of incident % is recorded and cannot be replaced', p_file, p_incident
      USING ERRCODE = '42501';
  END IF;
END $$;

CREATE FUNCTION cic.put_report(p_incident text, p_file text, p_body bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM cic.me();
  INSERT INTO cic.reports (incident, file, body) VALUES (p_incident, p_file, p_body)
  ON CONFLICT (incident, file) DO UPDATE SET body = excluded.body, written_by = session_user,
    written_at = clock_timestamp();
END $$;

-- A change to the roster: a chained line the client sealed, checked here, then applied. Only a
-- keeper may change it; the first keeper is set by the workspace's owner (the DBA).
CREATE FUNCTION cic.roster_change(p_line text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v json := p_line::json;
  c json := v->'change';
  h cic.roster_head;
  v_keeper boolean;
BEGIN
  SELECT * INTO h FROM cic.roster_head FOR UPDATE;
  SELECT p.keeper INTO v_keeper FROM cic.people p WHERE p.login = session_user;
  IF NOT coalesce(v_keeper, false) AND NOT (
       NOT EXISTS (SELECT 1 FROM cic.people p WHERE p.keeper)
       AND (pg_has_role(session_user, 'cic_owner', 'MEMBER')
            OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = session_user AND r.rolsuper))) THEN
    RAISE EXCEPTION '% is not a keeper of the roster', session_user USING ERRCODE = '42501';
  END IF;
  IF v->'by'->>'login' IS DISTINCT FROM session_user::text THEN
    RAISE EXCEPTION 'the change names % as its author, but the session is %', v->'by'->>'login', session_user
      USING ERRCODE = '42501';
  END IF;
  IF (v->>'seq')::bigint IS DISTINCT FROM h.seq + 1 OR v->>'prev' IS DISTINCT FROM h.hash THEN
    RAISE EXCEPTION 'the roster changed meanwhile' USING ERRCODE = 'LG409';
  END IF;
  IF NOT cic.line_hash_ok(p_line, v->>'hash', 'cic-roster-v1' || chr(10)) THEN
    RAISE EXCEPTION 'the roster change''s hash does not match its text' USING ERRCODE = '22023';
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
  INSERT INTO cic.roster_log (seq, prev, hash, line) VALUES (h.seq + 1, h.hash, v->>'hash', p_line);
  UPDATE cic.roster_head SET seq = h.seq + 1, hash = v->>'hash';
  RETURN h.seq + 1;
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA cic FROM PUBLIC;
GRANT USAGE ON SCHEMA cic TO cic_city;
GRANT SELECT ON cic.incidents, cic.heads, cic.entries, cic.drafts, cic.reports, cic.people, cic.roster_log,
  cic.roster_head, cic.settings TO cic_city;
GRANT EXECUTE ON FUNCTION cic.me(), cic.lock_head(text), cic.append(text, bigint, text, text[]),
  cic.create_incident(text, text, text, text), cic.discard_if_empty(text), cic.put_draft(text, text, text),
  cic.put_report(text, text, bytea), cic.roster_change(text), cic.line_hash_ok(text, text, text) TO cic_city;
RESET ROLE;
`;

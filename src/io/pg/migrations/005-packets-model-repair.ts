/**
 * Schema version 5: briefing packets kept in the database, and the playbook model's repair.
 *
 * `cic.packets`: a briefing packet for the governing body (`cic brief`) as it was sent, its
 * Markdown and HTML. On the folder store it is a pair of files in the incident's `briefings/`; here
 * nothing is left on the sender's machine unless asked (`--out DIR`). The log's `board.briefed`
 * entry records the SHA-256 of the Markdown: `cic.put_packet` keeps a packet only beside that
 * entry, only for the login that recorded it, and only when its Markdown hashes to that digest.
 * A packet sent is a record, so its rows are never changed or removed (the triggers that guard the
 * entries); `cic verify` compares the Markdown kept with the digest logged. `cic.import_packet`
 * (the DBA's, for `cic store copy`) makes the same digest check without the login one.
 *
 * `cic.rebuild_playbook_model`: `cic verify --repair` replaces a model (`cic.playbook_models`, a
 * cache of the frozen YAML) that differs from the YAML. A model decides what every later command
 * reads as the playbook, and the database cannot check one against the YAML, so only those trusted
 * with the roster may replace one: a keeper of the roster, or the DBA (a member of `cic_owner`,
 * or a superuser). Without a roster (identity not checked) any city login may, as anyone who may
 * write the folder may on the folder store. The row says who rebuilt it and when.
 */
export const name = 'briefing packets, playbook model repair';

export const sql = String.raw`
SET LOCAL ROLE cic_owner;

CREATE TABLE cic.packets (
  incident text NOT NULL REFERENCES cic.incidents,
  packet int NOT NULL CHECK (packet >= 1),
  seq bigint NOT NULL,
  file text NOT NULL CHECK (file ~ '^packet-[1-9][0-9]*-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4}\.(md|html)$'),
  body text NOT NULL,
  written_by name NOT NULL DEFAULT session_user,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- No foreign key to the entry: cic.put_packet checks it is there, and entries are never removed.
  PRIMARY KEY (incident, file)
);
CREATE TRIGGER no_rewrite BEFORE UPDATE OR DELETE ON cic.packets FOR EACH ROW EXECUTE FUNCTION cic.refuse();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON cic.packets FOR EACH STATEMENT EXECUTE FUNCTION cic.refuse();
ALTER TABLE cic.packets ENABLE ALWAYS TRIGGER no_rewrite, ENABLE ALWAYS TRIGGER no_truncate;

CREATE FUNCTION cic.put_packet(p_incident text, p_seq bigint, p_md_file text, p_md text, p_html_file text, p_html text)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v json; v_login name;
BEGIN
  PERFORM cic.me();
  SELECT e.line::json, e.login INTO v, v_login FROM cic.entries e WHERE e.incident = p_incident AND e.seq = p_seq;
  IF v IS NULL OR v->>'type' IS DISTINCT FROM 'board.briefed' THEN
    RAISE EXCEPTION 'entry #% of incident % does not record a briefing packet', p_seq, p_incident USING ERRCODE = '22023';
  END IF;
  IF v_login IS DISTINCT FROM session_user THEN
    RAISE EXCEPTION 'packet % of incident % was recorded by %; only that login keeps it', v->'data'->>'packet', p_incident, v_login
      USING ERRCODE = '42501';
  END IF;
  IF encode(sha256(convert_to(p_md, 'UTF8')), 'hex') IS DISTINCT FROM v->'data'->>'sha256' THEN
    RAISE EXCEPTION 'the packet''s Markdown does not hash to the SHA-256 entry #% recorded', p_seq USING ERRCODE = '22023';
  END IF;
  INSERT INTO cic.packets (incident, packet, seq, file, body) VALUES
    (p_incident, (v->'data'->>'packet')::int, p_seq, p_md_file, p_md),
    (p_incident, (v->'data'->>'packet')::int, p_seq, p_html_file, p_html);
END $$;

-- Copying a workspace in (cic store copy): a packet beside its entry, with the same digest check;
-- written by the DBA who copies it, as the copied entries are. For the DBA only.
CREATE FUNCTION cic.import_packet(p_incident text, p_seq bigint, p_md_file text, p_md text, p_html_file text, p_html text)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v json;
BEGIN
  SELECT e.line::json INTO v FROM cic.entries e WHERE e.incident = p_incident AND e.seq = p_seq;
  IF v IS NULL OR v->>'type' IS DISTINCT FROM 'board.briefed' THEN
    RAISE EXCEPTION 'entry #% of incident % does not record a briefing packet', p_seq, p_incident USING ERRCODE = '22023';
  END IF;
  IF encode(sha256(convert_to(p_md, 'UTF8')), 'hex') IS DISTINCT FROM v->'data'->>'sha256' THEN
    RAISE EXCEPTION 'the packet''s Markdown does not hash to the SHA-256 entry #% recorded', p_seq USING ERRCODE = '22023';
  END IF;
  INSERT INTO cic.packets (incident, packet, seq, file, body) VALUES
    (p_incident, (v->'data'->>'packet')::int, p_seq, p_md_file, p_md),
    (p_incident, (v->'data'->>'packet')::int, p_seq, p_html_file, p_html);
END $$;

CREATE FUNCTION cic.rebuild_playbook_model(p_incident text, p_format text, p_model text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me cic.people;
BEGIN
  IF NOT (pg_has_role(session_user, 'cic_owner', 'MEMBER')
          OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = session_user AND r.rolsuper)) THEN
    v_me := cic.me();
    IF v_me IS NOT NULL AND NOT v_me.keeper THEN
      RAISE EXCEPTION '% (%) may not rebuild the playbook model: only a keeper of the roster or the DBA may',
        v_me.name, session_user USING ERRCODE = '42501';
    END IF;
  END IF;
  INSERT INTO cic.playbook_models (incident, format, playbook_sha256, model)
  SELECT i.id, p_format, i.playbook_sha256, p_model FROM cic.incidents i WHERE i.id = p_incident
  ON CONFLICT (incident, format) DO UPDATE SET playbook_sha256 = excluded.playbook_sha256, model = excluded.model,
    written_by = session_user, written_at = clock_timestamp();
  IF NOT FOUND THEN RAISE EXCEPTION 'there is no incident %', p_incident USING ERRCODE = '22023'; END IF;
END $$;

REVOKE ALL ON FUNCTION cic.put_packet(text, bigint, text, text, text, text), cic.rebuild_playbook_model(text, text, text),
  cic.import_packet(text, bigint, text, text, text, text) FROM PUBLIC;
GRANT SELECT ON cic.packets TO cic_city;
GRANT EXECUTE ON FUNCTION cic.put_packet(text, bigint, text, text, text, text), cic.rebuild_playbook_model(text, text, text) TO cic_city;
RESET ROLE;
`;

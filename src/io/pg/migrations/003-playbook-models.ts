/**
 * Schema version 3: the frozen playbook's derived model, tagged with the schema it was made under.
 *
 * Commands read an incident's playbook through a JSON model derived from its frozen YAML (parsing
 * and checking the YAML on every command is too slow). Version 1 kept one untagged model in
 * `cic.incidents.playbook_model`: after an upgrade that changed the model's shape, a model made by
 * the older cic would be read as the new shape (the folder store's `.playbook.json` had exactly
 * this bug). Now each model is kept under the SHA-256 of the playbook schema that made it
 * (`format`) and the frozen text's SHA-256; a cic finding none for its own schema loads the YAML
 * again and keeps the model it made. The old column is no longer read or written.
 *
 * A model is a cache, never the record: `cic verify` compares it with the YAML loaded afresh. The
 * first model kept for a schema stays (city logins cannot replace one); the DBA removes a bad one
 * (`DELETE FROM cic.playbook_models WHERE incident = …`) and the next command makes it again.
 */
export const name = 'playbook models tagged with their schema';

export const sql = String.raw`
SET LOCAL ROLE cic_owner;

ALTER TABLE cic.incidents ALTER COLUMN playbook_model DROP NOT NULL;

CREATE TABLE cic.playbook_models (
  incident text NOT NULL REFERENCES cic.incidents,
  format text NOT NULL CHECK (format ~ '^[0-9a-f]{64}$'),
  playbook_sha256 text NOT NULL,
  model text NOT NULL,
  written_by name NOT NULL DEFAULT session_user,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (incident, format)
);

CREATE FUNCTION cic.put_playbook_model(p_incident text, p_format text, p_model text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM cic.me();
  INSERT INTO cic.playbook_models (incident, format, playbook_sha256, model)
  SELECT i.id, p_format, i.playbook_sha256, p_model FROM cic.incidents i WHERE i.id = p_incident
  ON CONFLICT (incident, format) DO NOTHING;
END $$;

-- An opening that failed before its first entry takes its model with it.
CREATE OR REPLACE FUNCTION cic.discard_if_empty(p_incident text) RETURNS void
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
  DELETE FROM cic.playbook_models WHERE incident = p_incident;
  DELETE FROM cic.incidents WHERE id = p_incident;
END $$;

REVOKE ALL ON FUNCTION cic.put_playbook_model(text, text, text) FROM PUBLIC;
GRANT SELECT ON cic.playbook_models TO cic_city;
GRANT EXECUTE ON FUNCTION cic.put_playbook_model(text, text, text) TO cic_city;
RESET ROLE;
`;

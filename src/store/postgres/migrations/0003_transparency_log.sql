-- The transparency log (app/transparency_log.h): one row per leaf of the Merkle tree, in order.
-- idx is the 0-based leaf index; an append takes MAX(idx) + 1 inside its (serializable)
-- transaction, so two concurrent appends end with one of them a Conflict, never a gap or two
-- leaves at one index. Append-only: the triggers below refuse to change or remove a leaf.
CREATE TABLE log_entry (
  idx         BIGINT  NOT NULL PRIMARY KEY CHECK (idx >= 0),
  subject_id  TEXT    NOT NULL,
  leaf        TEXT    NOT NULL,  -- canonical JSON of the signed statement (trust/statement.h)
  created_at  BIGINT  NOT NULL
);
CREATE INDEX log_entry_subject ON log_entry (subject_id, idx);
CREATE FUNCTION log_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'log_entry is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER log_entry_no_change BEFORE UPDATE OR DELETE ON log_entry
  FOR EACH ROW EXECUTE FUNCTION log_entry_append_only();
CREATE TRIGGER log_entry_no_truncate BEFORE TRUNCATE ON log_entry
  FOR EACH STATEMENT EXECUTE FUNCTION log_entry_append_only();

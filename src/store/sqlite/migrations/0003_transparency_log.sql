-- The transparency log (app/transparency_log.h): one row per leaf of the Merkle tree, in order.
-- idx is the 0-based leaf index; an append takes MAX(idx) + 1 inside its transaction, so the
-- log never has a gap or two leaves at one index. Append-only: the triggers below refuse to
-- change or remove a leaf (a changed leaf would also no longer match the published tree heads).
CREATE TABLE log_entry (
  idx         INTEGER NOT NULL PRIMARY KEY,
  subject_id  TEXT    NOT NULL,
  leaf        TEXT    NOT NULL,  -- canonical JSON of the signed statement (trust/statement.h)
  created_at  INTEGER NOT NULL
);
CREATE INDEX log_entry_subject ON log_entry (subject_id, idx);
CREATE TRIGGER log_entry_no_update BEFORE UPDATE ON log_entry
BEGIN
  SELECT RAISE(ABORT, 'log_entry is append-only');
END;
CREATE TRIGGER log_entry_no_delete BEFORE DELETE ON log_entry
BEGIN
  SELECT RAISE(ABORT, 'log_entry is append-only');
END;

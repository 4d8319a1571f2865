-- The product register and accounts: one row per entity, holding its JSON document beside the
-- columns that lookups and constraints need (store.h Entity).
CREATE TABLE entity (
  kind        TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  owner_org   TEXT    NOT NULL DEFAULT '',
  parent_id   TEXT    NOT NULL DEFAULT '',
  unique_key  TEXT,              -- NULL when the kind has none, so it is never a duplicate
  revision    INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL DEFAULT 0,  -- 0 = never
  doc         TEXT    NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX entity_unique_key ON entity (kind, unique_key) WHERE unique_key IS NOT NULL;
CREATE INDEX entity_parent ON entity (kind, parent_id);
CREATE INDEX entity_expires ON entity (expires_at) WHERE expires_at <> 0;

-- The audit trail: append-only, so the triggers below refuse to change or remove an event.
CREATE TABLE event (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT    NOT NULL UNIQUE,
  at           INTEGER NOT NULL,
  actor_user   TEXT    NOT NULL,
  actor_org    TEXT    NOT NULL,
  org_id       TEXT    NOT NULL,
  entity_kind  TEXT    NOT NULL,
  entity_id    TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  changes      TEXT    NOT NULL
);
CREATE INDEX event_org ON event (org_id, seq);
CREATE INDEX event_entity ON event (entity_id, seq);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN
  SELECT RAISE(ABORT, 'event is append-only');
END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN
  SELECT RAISE(ABORT, 'event is append-only');
END;

-- Uploaded files (evidence attachments) with their bytes.
CREATE TABLE stored_file (
  id            TEXT    NOT NULL PRIMARY KEY,
  owner_org     TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  content_type  TEXT    NOT NULL,
  sha256        TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  data          BLOB    NOT NULL
);

CREATE TABLE registry_revision (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  revision  INTEGER NOT NULL
);
INSERT INTO registry_revision (id, revision) VALUES (1, 0);

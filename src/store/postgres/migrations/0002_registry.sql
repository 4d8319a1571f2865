-- The product register and accounts: one row per entity, holding its JSON document beside the
-- columns that lookups and constraints need (store.h Entity).
CREATE TABLE entity (
  kind        TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  owner_org   TEXT    NOT NULL DEFAULT '',
  parent_id   TEXT    NOT NULL DEFAULT '',
  unique_key  TEXT,              -- NULL when the kind has none, so it is never a duplicate
  revision    BIGINT  NOT NULL,
  created_at  BIGINT  NOT NULL,
  updated_at  BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL DEFAULT 0,  -- 0 = never
  doc         TEXT    NOT NULL,  -- TEXT: keeps the document byte for byte
  PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX entity_unique_key ON entity (kind, unique_key) WHERE unique_key IS NOT NULL;
CREATE INDEX entity_parent ON entity (kind, parent_id);
CREATE INDEX entity_expires ON entity (expires_at) WHERE expires_at <> 0;

-- The audit trail: append-only, so the trigger below refuses to change or remove an event.
CREATE TABLE event (
  seq          BIGSERIAL PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE,
  at           BIGINT  NOT NULL,
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
CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'event is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER event_no_change BEFORE UPDATE OR DELETE ON event
  FOR EACH ROW EXECUTE FUNCTION event_append_only();
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event
  FOR EACH STATEMENT EXECUTE FUNCTION event_append_only();

-- Uploaded files (evidence attachments) with their bytes.
CREATE TABLE stored_file (
  id            TEXT    NOT NULL PRIMARY KEY,
  owner_org     TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  content_type  TEXT    NOT NULL,
  sha256        TEXT    NOT NULL,
  size          BIGINT  NOT NULL,
  created_at    BIGINT  NOT NULL,
  data          BYTEA   NOT NULL
);

CREATE TABLE registry_revision (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  revision  BIGINT  NOT NULL
);
INSERT INTO registry_revision (id, revision) VALUES (1, 0);

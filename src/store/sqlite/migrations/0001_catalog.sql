-- The published catalog: one row per record, and per version of versioned records.
CREATE TABLE catalog_record (
  kind        TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  uuid        TEXT    NOT NULL UNIQUE,
  valid_from  TEXT,
  valid_to    TEXT,
  doc         TEXT    NOT NULL,
  PRIMARY KEY (kind, key, version)
) WITHOUT ROWID;

CREATE TABLE catalog_revision (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  revision  INTEGER NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);

-- The published catalog: one row per record, and per version of versioned records.
CREATE TABLE catalog_record (
  kind        TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  uuid        UUID    NOT NULL UNIQUE,
  valid_from  DATE,
  valid_to    DATE,
  doc         JSON    NOT NULL,  -- JSON, not JSONB: keeps the document byte for byte
  PRIMARY KEY (kind, key, version)
);

CREATE TABLE catalog_revision (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  revision  BIGINT  NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);

-- Statements of the SQLite store; parameters are bound with ?NNN.
-- name: has_schema_migrations
SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations';
-- name: select_schema_version
SELECT COALESCE(MAX(version), 0) FROM schema_migrations;
-- name: insert_schema_version
INSERT INTO schema_migrations (version, applied_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
-- name: delete_catalog
DELETE FROM catalog_record;
-- name: insert_catalog_record
INSERT INTO catalog_record (kind, key, version, uuid, valid_from, valid_to, doc)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
-- name: select_catalog_records
SELECT kind, key, version, uuid, valid_from, valid_to, doc FROM catalog_record
ORDER BY kind, key, version;
-- name: bump_catalog_revision
UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
-- name: select_catalog_revision
SELECT revision FROM catalog_revision WHERE id = 1;

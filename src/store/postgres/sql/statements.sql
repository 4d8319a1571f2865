-- Statements of the PostgreSQL store; parameters are bound with $n.
-- name: create_schema_migrations
CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
-- name: has_schema_migrations
SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations';
-- name: select_schema_version
SELECT COALESCE(MAX(version), 0) FROM schema_migrations;
-- name: insert_schema_version
INSERT INTO schema_migrations (version) VALUES ($1::integer);
-- name: lock_migrations
SELECT pg_advisory_xact_lock(7263501);
-- name: delete_catalog
DELETE FROM catalog_record;
-- name: insert_catalog_record
INSERT INTO catalog_record (kind, key, version, uuid, valid_from, valid_to, doc)
VALUES ($1, $2, $3::integer, $4::uuid, $5::date, $6::date, $7::json);
-- name: select_catalog_records
SELECT kind, key, version, uuid::text, valid_from::text, valid_to::text, doc::text FROM catalog_record
ORDER BY kind COLLATE "C", key COLLATE "C", version;
-- name: bump_catalog_revision
UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
-- name: notify_catalog
SELECT pg_notify('helsekrav_catalog', (SELECT revision::text FROM catalog_revision WHERE id = 1));
-- name: select_catalog_revision
SELECT revision FROM catalog_revision WHERE id = 1;
-- name: ping
SELECT 1;

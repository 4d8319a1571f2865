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
-- name: insert_entity
INSERT INTO entity (kind, id, owner_org, parent_id, unique_key, created_at, updated_at, expires_at, doc, revision)
VALUES ($1, $2, $3, $4, NULLIF($5::text, ''), $6::bigint, $7::bigint, $8::bigint, $9, $10::bigint);
-- name: update_entity
UPDATE entity SET owner_org = $3, parent_id = $4, unique_key = NULLIF($5::text, ''), revision = $10::bigint + 1,
  created_at = $6::bigint, updated_at = $7::bigint, expires_at = $8::bigint, doc = $9
WHERE kind = $1 AND id = $2 AND revision = $10::bigint;
-- name: entity_exists
SELECT 1 FROM entity WHERE kind = $1 AND id = $2;
-- name: delete_entity
DELETE FROM entity WHERE kind = $1 AND id = $2;
-- name: select_entity
SELECT kind, id, owner_org, parent_id, COALESCE(unique_key, ''), revision, created_at, updated_at, expires_at, doc
FROM entity WHERE kind = $1 AND id = $2 AND (expires_at = 0 OR expires_at > $3::bigint);
-- name: select_entity_by_unique_key
SELECT kind, id, owner_org, parent_id, COALESCE(unique_key, ''), revision, created_at, updated_at, expires_at, doc
FROM entity WHERE kind = $1 AND unique_key = $2 AND (expires_at = 0 OR expires_at > $3::bigint);
-- name: select_entities
SELECT kind, id, owner_org, parent_id, COALESCE(unique_key, ''), revision, created_at, updated_at, expires_at, doc
FROM entity WHERE kind = $1 AND (expires_at = 0 OR expires_at > $2::bigint)
ORDER BY created_at, id COLLATE "C";
-- name: select_entities_by_parent
SELECT kind, id, owner_org, parent_id, COALESCE(unique_key, ''), revision, created_at, updated_at, expires_at, doc
FROM entity WHERE kind = $1 AND parent_id = $2 AND (expires_at = 0 OR expires_at > $3::bigint)
ORDER BY created_at, id COLLATE "C";
-- name: purge_expired
DELETE FROM entity WHERE expires_at <> 0 AND expires_at <= $1::bigint;
-- name: insert_event
INSERT INTO event (id, at, actor_user, actor_org, org_id, entity_kind, entity_id, action, changes)
VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, $8, $9) RETURNING seq;
-- name: select_events
SELECT seq, id, at, actor_user, actor_org, org_id, entity_kind, entity_id, action, changes
FROM event
WHERE ($1::text = '' OR org_id = $1::text) AND ($2::text = '' OR entity_id = $2::text) AND ($3::bigint <= 0 OR seq < $3::bigint)
ORDER BY seq DESC LIMIT $4::integer;
-- name: insert_file
INSERT INTO stored_file (id, owner_org, name, content_type, sha256, size, created_at, data)
VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bigint, $8::bytea);
-- name: select_file
SELECT id, owner_org, name, content_type, sha256, size, created_at, data FROM stored_file WHERE id = $1;
-- name: bump_registry_revision
UPDATE registry_revision SET revision = revision + 1 WHERE id = 1;
-- name: notify_registry
SELECT pg_notify('helsekrav_registry', (SELECT revision::text FROM registry_revision WHERE id = 1));
-- name: select_registry_revision
SELECT revision FROM registry_revision WHERE id = 1;
-- name: insert_log_entry
INSERT INTO log_entry (idx, subject_id, leaf, created_at)
VALUES ((SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entry), $1, $2, $3::bigint) RETURNING idx;
-- name: select_log_size
SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entry;
-- name: select_log_entries
SELECT idx, subject_id, leaf, created_at FROM log_entry
WHERE idx >= $1::bigint AND idx < $2::bigint ORDER BY idx;
-- name: select_log_entries_for
SELECT idx, subject_id, leaf, created_at FROM log_entry WHERE subject_id = $1 ORDER BY idx;

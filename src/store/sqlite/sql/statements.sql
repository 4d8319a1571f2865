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
-- name: insert_entity
INSERT INTO entity (kind, id, owner_org, parent_id, unique_key, created_at, updated_at, expires_at, doc, revision)
VALUES (?1, ?2, ?3, ?4, NULLIF(?5, ''), ?6, ?7, ?8, ?9, ?10);
-- name: update_entity
UPDATE entity SET owner_org = ?3, parent_id = ?4, unique_key = NULLIF(?5, ''), revision = ?10 + 1,
  created_at = ?6, updated_at = ?7, expires_at = ?8, doc = ?9
WHERE kind = ?1 AND id = ?2 AND revision = ?10;
-- name: entity_exists
SELECT 1 FROM entity WHERE kind = ?1 AND id = ?2;
-- name: delete_entity
DELETE FROM entity WHERE kind = ?1 AND id = ?2;
-- name: select_entity
SELECT kind, id, owner_org, parent_id, COALESCE(unique_key, ''), revision, created_at, updated_at, expires_at, doc
FROM entity WHERE kind = ?1 AND id = ?2 AND (expires_at = 0 OR expires_at > ?3);
-- name: select_entity_by_unique_key
SELECT kind, id, owner_org, parent_id, COALESCE(unique_key, ''), revision, created_at, updated_at, expires_at, doc
FROM entity WHERE kind = ?1 AND unique_key = ?2 AND (expires_at = 0 OR expires_at > ?3);
-- name: select_entities
SELECT kind, id, owner_org, parent_id, COALESCE(unique_key, ''), revision, created_at, updated_at, expires_at, doc
FROM entity WHERE kind = ?1 AND (expires_at = 0 OR expires_at > ?2)
ORDER BY created_at, id;
-- name: select_entities_by_parent
SELECT kind, id, owner_org, parent_id, COALESCE(unique_key, ''), revision, created_at, updated_at, expires_at, doc
FROM entity WHERE kind = ?1 AND parent_id = ?2 AND (expires_at = 0 OR expires_at > ?3)
ORDER BY created_at, id;
-- name: purge_expired
DELETE FROM entity WHERE expires_at <> 0 AND expires_at <= ?1;
-- name: insert_event
INSERT INTO event (id, at, actor_user, actor_org, org_id, entity_kind, entity_id, action, changes)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);
-- name: select_events
SELECT seq, id, at, actor_user, actor_org, org_id, entity_kind, entity_id, action, changes
FROM event
WHERE (?1 = '' OR org_id = ?1) AND (?2 = '' OR entity_id = ?2) AND (?3 <= 0 OR seq < ?3)
ORDER BY seq DESC LIMIT ?4;
-- name: insert_file
INSERT INTO stored_file (id, owner_org, name, content_type, sha256, size, created_at, data)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);
-- name: select_file
SELECT id, owner_org, name, content_type, sha256, size, created_at, data FROM stored_file WHERE id = ?1;
-- name: bump_registry_revision
UPDATE registry_revision SET revision = revision + 1 WHERE id = 1;
-- name: select_registry_revision
SELECT revision FROM registry_revision WHERE id = 1;
-- name: insert_log_entry
INSERT INTO log_entry (idx, subject_id, leaf, created_at)
VALUES ((SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entry), ?1, ?2, ?3) RETURNING idx;
-- name: select_log_size
SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entry;
-- name: select_log_entries
SELECT idx, subject_id, leaf, created_at FROM log_entry WHERE idx >= ?1 AND idx < ?2 ORDER BY idx;
-- name: select_log_entries_for
SELECT idx, subject_id, leaf, created_at FROM log_entry WHERE subject_id = ?1 ORDER BY idx;

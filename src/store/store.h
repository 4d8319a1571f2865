#pragma once
// The storage boundary. One abstract Store with a Transaction per unit of work; SQLite (the
// embedded default) and PostgreSQL implement it, and tests/store/store_contract_test.cc runs the
// same suite against both. Every SQL statement is bound with parameters, never concatenated.
//
// The published catalog is kept as one row per record (and per version of versioned records),
// each holding the record's JSON document (formats/catalog_json.h) beside its indexed key
// columns. Reads of the catalog at run time come from the in-memory snapshot, not from here.
//
// Thread safety: a Store may be used from several threads; each Transaction belongs to one.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace helsekrav::store {

// The message of every Conflict a store returns: the raw database text (table and column names)
// is logged, never shown to users.
inline constexpr const char* kConflictMessage =
    "Noen andre har lagret eller endret det samme i mellomtiden. Last siden på nytt og prøv igjen.";

// One stored catalog record. `kind` is the top-level list name ("requirements", "standards" …);
// `version` is 0 for unversioned records.
struct CatalogRecord {
  std::string kind;
  std::string key;
  int version = 0;
  std::string uuid;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  std::string doc;
  friend bool operator==(const CatalogRecord&, const CatalogRecord&) = default;
};

// One stored record of the product register or of accounts ("organisation", "user",
// "membership", "session", "api_token", "password_reset", "oidc_state", "product",
// "product_version", "deployment", "declaration", …). The record itself is the JSON `doc`
// (formats/registry_json.h); the columns beside it are what lookups and constraints need.
struct Entity {
  std::string kind;
  std::string id;
  std::string owner_org;   // the organisation that owns it; may be empty
  std::string parent_id;   // e.g. a version's product, a membership's user; may be empty
  std::string unique_key;  // unique per kind when not empty (orgnr, e-mail, token hash)
  std::int64_t revision = 1;
  std::int64_t created_at = 0;  // Unix seconds
  std::int64_t updated_at = 0;
  std::int64_t expires_at = 0;  // 0 = never; expired entities are not returned by lookups
  std::string doc;
  friend bool operator==(const Entity&, const Entity&) = default;
};

// An append-only audit event (domain/registry.h Event); `seq` is assigned on append.
struct EventRecord {
  std::int64_t seq = 0;
  std::string id;
  std::int64_t at = 0;
  std::string actor_user;
  std::string actor_org;
  std::string org_id;
  std::string entity_kind;
  std::string entity_id;
  std::string action;
  std::string changes;  // JSON
  friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

struct EventQuery {
  std::string org_id;           // only events of this organisation; empty = all
  std::string entity_id;        // only events of this entity; empty = all
  std::int64_t before_seq = 0;  // only events with seq < this; 0 = from the newest
  int limit = 50;
};

// An uploaded file with its bytes.
struct FileRecord {
  std::string id;
  std::string owner_org;
  std::string name;
  std::string content_type;
  std::string sha256;
  std::int64_t size = 0;
  std::int64_t created_at = 0;
  std::string data;
  friend bool operator==(const FileRecord&, const FileRecord&) = default;
};

// One leaf of the transparency log (app/transparency_log.h). `idx` is its 0-based leaf index,
// assigned on append; `leaf` is the canonical JSON of a signed statement.
struct LogEntryRecord {
  std::int64_t idx = 0;
  std::string subject_id;
  std::string leaf;
  std::int64_t created_at = 0;
  friend bool operator==(const LogEntryRecord&, const LogEntryRecord&) = default;
};

// A unit of work. Destroying it without Commit() rolls back everything it did.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Status Commit() = 0;

  virtual Status DeleteCatalog() = 0;
  // Conflict when (kind, key, version) exists already.
  virtual Status InsertCatalogRecord(const CatalogRecord& record) = 0;
  // Increments the catalog revision; other processes notice it and reload their snapshot.
  virtual Status BumpCatalogRevision() = 0;

  // Conflict when (kind, id) exists, or (kind, unique_key) for a non-empty unique_key.
  virtual Status InsertEntity(const Entity& entity) = 0;
  // Replaces the entity (kind, id) when its stored revision is `expected_revision` and stores
  // it with revision expected_revision + 1. NotFound when absent; Conflict when the revision
  // differs (someone else changed it) or the unique key is taken.
  virtual Status UpdateEntity(const Entity& entity, std::int64_t expected_revision) = 0;
  // NotFound when absent (so a one-time token can be consumed by exactly one transaction).
  virtual Status DeleteEntity(const std::string& kind, const std::string& id) = 0;
  // Returns the assigned seq.
  virtual Result<std::int64_t> AppendEvent(const EventRecord& event) = 0;
  // Conflict when the id exists.
  virtual Status InsertFile(const FileRecord& file) = 0;
  // Increments the registry revision (products, declarations, organisations …).
  virtual Status BumpRegistryRevision() = 0;
  // Appends a leaf to the transparency log at index = the log's current size and returns that
  // index. A concurrent append by another transaction ends as Conflict (for one of the two),
  // never as a gap or two leaves at one index.
  virtual Result<std::int64_t> AppendLogEntry(const std::string& subject_id,
                                              const std::string& leaf, std::int64_t created_at) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Applies every numbered migration not yet applied, in order, each in its own transaction.
  virtual Status Migrate() = 0;
  // The highest applied migration; 0 for an empty database.
  virtual Result<int> SchemaVersion() = 0;
  // The number of the newest migration this build knows.
  virtual int LatestSchemaVersion() const = 0;

  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;

  // Every catalog record, ordered by kind, key and version.
  virtual Result<std::vector<CatalogRecord>> ReadCatalogRecords() = 0;
  virtual Result<std::int64_t> CatalogRevision() = 0;

  // Entities. Lookups leave out entities whose expires_at is set and not after `now` (Unix
  // seconds); nullopt when there is none.
  virtual Result<std::optional<Entity>> FindEntity(const std::string& kind, const std::string& id,
                                                   std::int64_t now) = 0;
  virtual Result<std::optional<Entity>> FindEntityByUniqueKey(const std::string& kind,
                                                              const std::string& unique_key,
                                                              std::int64_t now) = 0;
  // Every unexpired entity of a kind, ordered by created_at then id.
  virtual Result<std::vector<Entity>> ListEntities(const std::string& kind, std::int64_t now) = 0;
  // Unexpired entities of a kind with this parent_id, ordered by created_at then id.
  virtual Result<std::vector<Entity>> ListEntitiesByParent(const std::string& kind,
                                                           const std::string& parent_id,
                                                           std::int64_t now) = 0;
  // Deletes expired entities (sessions, tokens); returns how many.
  virtual Result<std::int64_t> PurgeExpired(std::int64_t now) = 0;

  // Newest first.
  virtual Result<std::vector<EventRecord>> ListEvents(const EventQuery& query) = 0;
  virtual Result<std::optional<FileRecord>> FindFile(const std::string& id) = 0;
  virtual Result<std::int64_t> RegistryRevision() = 0;

  // The transparency log: its size (the number of leaves), the leaves with start ≤ idx < end
  // in index order, and the leaves about one subject in index order.
  virtual Result<std::int64_t> LogSize() = 0;
  virtual Result<std::vector<LogEntryRecord>> ReadLogEntries(std::int64_t start,
                                                             std::int64_t end) = 0;
  virtual Result<std::vector<LogEntryRecord>> LogEntriesFor(const std::string& subject_id) = 0;

  // Unavailable when the database cannot be reached (readiness probe).
  virtual Status Ping() = 0;
  // "sqlite:/path" or "postgresql://host:port/db" without credentials, for logs.
  virtual std::string Describe() const = 0;
};

// Opens "sqlite:PATH" (created if missing) or "postgresql://…"/"postgres://…" (a libpq URI).
// Invalid for other schemes; Unavailable when the database cannot be opened.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace helsekrav::store

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

  // Unavailable when the database cannot be reached (readiness probe).
  virtual Status Ping() = 0;
  // "sqlite:/path" or "postgresql://host:port/db" without credentials, for logs.
  virtual std::string Describe() const = 0;
};

// Opens "sqlite:PATH" (created if missing) or "postgresql://…"/"postgres://…" (a libpq URI).
// Invalid for other schemes; Unavailable when the database cannot be opened.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace helsekrav::store

#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <map>
#include <mutex>

#include "store/named_sql.h"

namespace helsekrav::store {
namespace sqlite_sql {
const std::map<std::string, std::string_view>& EmbeddedFiles();
}

namespace {

constexpr int kBusyTimeoutMs = 5000;

const std::map<std::string, std::string>& Statements() {
  static const auto statements =
      ParseNamedStatements(sqlite_sql::EmbeddedFiles().at("statements.sql"));
  return statements;
}
const std::string& Sql(const std::string& name) { return Statements().at(name); }

// One prepared statement, finalized on destruction.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, const std::string& value) {
    if (ok())
      rc_ = sqlite3_bind_text(stmt_, i, value.data(), static_cast<int>(value.size()),
                              SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const std::optional<Date>& value) {
    if (!ok()) return *this;
    if (value) return Bind(i, value->ToIso());
    rc_ = sqlite3_bind_null(stmt_, i);
    return *this;
  }
  Stmt& Bind(int i, std::int64_t value) {
    if (ok()) rc_ = sqlite3_bind_int64(stmt_, i, value);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() {
    if (!ok()) return rc_;
    rc_ = sqlite3_step(stmt_);
    return rc_;
  }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }
  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  Status Error() const {
    std::string msg = sqlite3_errmsg(db_);
    if ((rc_ & 0xff) == SQLITE_CONSTRAINT) return Status::Conflict(msg);
    if ((rc_ & 0xff) == SQLITE_BUSY) return Status::Unavailable(msg);
    return Status::Internal("SQLite: " + msg);
  }

 private:
  bool ok() const { return rc_ == SQLITE_OK || rc_ == SQLITE_ROW; }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = err != nullptr ? err : "unknown error";
  sqlite3_free(err);
  return (rc & 0xff) == SQLITE_CONSTRAINT ? Status::Conflict(msg)
                                          : Status::Internal("SQLite: " + msg);
}

Status Run(Stmt& stmt) { return stmt.Step() == SQLITE_DONE ? Status::Ok() : stmt.Error(); }

class SqliteStore;

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(sqlite3* db, std::unique_lock<std::mutex> lock)
      : db_(db), lock_(std::move(lock)) {}
  ~SqliteTransaction() override {
    if (!done_) (void)Exec(db_, "ROLLBACK");
  }

  Status Commit() override {
    done_ = true;
    return Exec(db_, "COMMIT");
  }
  Status DeleteCatalog() override {
    Stmt s(db_, Sql("delete_catalog"));
    return Run(s);
  }
  Status InsertCatalogRecord(const CatalogRecord& r) override {
    Stmt s(db_, Sql("insert_catalog_record"));
    s.Bind(1, r.kind).Bind(2, r.key).Bind(3, std::int64_t{r.version}).Bind(4, r.uuid);
    s.Bind(5, r.valid_from).Bind(6, r.valid_to).Bind(7, r.doc);
    return Run(s);
  }
  Status BumpCatalogRevision() override {
    Stmt s(db_, Sql("bump_catalog_revision"));
    return Run(s);
  }

 private:
  sqlite3* db_;
  std::unique_lock<std::mutex> lock_;
  bool done_ = false;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {
    migrations_ = CollectMigrations(sqlite_sql::EmbeddedFiles());
  }
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  Status Migrate() override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(Exec(db_,
                            "CREATE TABLE IF NOT EXISTS schema_migrations ("
                            "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"));
    auto current = SchemaVersionLocked();
    if (!current.ok()) return current.status();
    for (const auto& [number, sql] : migrations_) {
      if (number <= *current) continue;
      HK_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
      Status st = Exec(db_, sql);
      if (st.ok()) {
        Stmt s(db_, Sql("insert_schema_version"));
        s.Bind(1, std::int64_t{number});
        st = Run(s);
      }
      if (!st.ok()) {
        (void)Exec(db_, "ROLLBACK");
        return Status::Internal("migration " + std::to_string(number) + ": " + st.message());
      }
      HK_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
    }
    return Status::Ok();
  }

  Result<int> SchemaVersion() override {
    std::lock_guard lock(mu_);
    return SchemaVersionLocked();
  }
  int LatestSchemaVersion() const override {
    return migrations_.empty() ? 0 : migrations_.back().first;
  }

  Result<std::unique_ptr<Transaction>> Begin() override {
    std::unique_lock lock(mu_);
    HK_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    return std::unique_ptr<Transaction>(new SqliteTransaction(db_, std::move(lock)));
  }

  Result<std::vector<CatalogRecord>> ReadCatalogRecords() override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_catalog_records"));
    std::vector<CatalogRecord> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      CatalogRecord r;
      r.kind = s.Text(0);
      r.key = s.Text(1);
      r.version = static_cast<int>(s.Int(2));
      r.uuid = s.Text(3);
      if (!s.IsNull(4)) r.valid_from = Date::Parse(s.Text(4));
      if (!s.IsNull(5)) r.valid_to = Date::Parse(s.Text(5));
      r.doc = s.Text(6);
      out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return s.Error();
    return out;
  }

  Result<std::int64_t> CatalogRevision() override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_catalog_revision"));
    if (s.Step() != SQLITE_ROW) return s.Error();
    return s.Int(0);
  }

  Status Ping() override {
    std::lock_guard lock(mu_);
    return Exec(db_, "SELECT 1");
  }
  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  Result<int> SchemaVersionLocked() {
    Stmt exists(db_, Sql("has_schema_migrations"));
    if (exists.Step() != SQLITE_ROW) return 0;  // a new, empty database
    Stmt s(db_, Sql("select_schema_version"));
    if (s.Step() != SQLITE_ROW) return s.Error();
    return static_cast<int>(s.Int(0));
  }

  std::mutex mu_;
  sqlite3* db_;
  std::string path_;
  std::vector<std::pair<int, std::string>> migrations_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::Unavailable("Kan ikke åpne SQLite-databasen " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
    Status st = Exec(db, pragma);
    if (!st.ok()) {
      sqlite3_close_v2(db);
      return Status::Unavailable("SQLite " + path + ": " + st.message());
    }
  }
  return std::unique_ptr<Store>(new SqliteStore(db, path));
}

}  // namespace helsekrav::store

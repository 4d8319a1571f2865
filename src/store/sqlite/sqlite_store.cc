#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <map>
#include <mutex>

#include "core/log.h"
#include "store/named_sql.h"

namespace helsekrav::store {
namespace sqlite_sql {
const std::map<std::string, std::string_view>& EmbeddedFiles();
}

namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr int kMaxEventLimit = 500;

int ClampEventLimit(int limit) {
  return limit < 1 ? 1 : limit > kMaxEventLimit ? kMaxEventLimit : limit;
}

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
  Stmt& BindBlob(int i, const std::string& value) {
    if (ok()) rc_ = sqlite3_bind_blob64(stmt_, i, value.data(), value.size(), SQLITE_TRANSIENT);
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
  std::string Blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(stmt_, col));
  }
  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  Status Error() const {
    std::string msg = sqlite3_errmsg(db_);
    if ((rc_ & 0xff) == SQLITE_CONSTRAINT) {
      LogInfo("store conflict", {{"db", "sqlite"}, {"error", msg}});
      return Status::Conflict(kConflictMessage);
    }
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
  if ((rc & 0xff) != SQLITE_CONSTRAINT) return Status::Internal("SQLite: " + msg);
  LogInfo("store conflict", {{"db", "sqlite"}, {"error", msg}});
  return Status::Conflict(kConflictMessage);
}

Status Run(Stmt& stmt) { return stmt.Step() == SQLITE_DONE ? Status::Ok() : stmt.Error(); }

// The bound columns of insert_entity/update_entity ?1–?9 (store/sqlite/sql/statements.sql).
void BindEntity(Stmt& s, const Entity& e) {
  s.Bind(1, e.kind).Bind(2, e.id).Bind(3, e.owner_org).Bind(4, e.parent_id).Bind(5, e.unique_key);
  s.Bind(6, e.created_at).Bind(7, e.updated_at).Bind(8, e.expires_at).Bind(9, e.doc);
}

// Reads the columns of select_entity* in their order.
Entity EntityAt(const Stmt& s) {
  Entity e;
  e.kind = s.Text(0);
  e.id = s.Text(1);
  e.owner_org = s.Text(2);
  e.parent_id = s.Text(3);
  e.unique_key = s.Text(4);
  e.revision = s.Int(5);
  e.created_at = s.Int(6);
  e.updated_at = s.Int(7);
  e.expires_at = s.Int(8);
  e.doc = s.Text(9);
  return e;
}

Result<std::optional<Entity>> OneEntity(Stmt& s) {
  int rc = s.Step();
  if (rc == SQLITE_DONE) return std::optional<Entity>();
  if (rc != SQLITE_ROW) return s.Error();
  return std::optional<Entity>(EntityAt(s));
}

Result<std::vector<Entity>> AllEntities(Stmt& s) {
  std::vector<Entity> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(EntityAt(s));
  if (rc != SQLITE_DONE) return s.Error();
  return out;
}

// Reads every row of select_log_entries* (idx, subject_id, leaf, created_at).
Result<std::vector<LogEntryRecord>> AllLogEntries(Stmt& s) {
  std::vector<LogEntryRecord> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out.push_back(LogEntryRecord{s.Int(0), s.Text(1), s.Text(2), s.Int(3)});
  }
  if (rc != SQLITE_DONE) return s.Error();
  return out;
}

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
  Status InsertEntity(const Entity& e) override {
    Stmt s(db_, Sql("insert_entity"));
    BindEntity(s, e);
    s.Bind(10, e.revision);
    return Run(s);
  }
  Status UpdateEntity(const Entity& e, std::int64_t expected_revision) override {
    Stmt s(db_, Sql("update_entity"));
    BindEntity(s, e);
    s.Bind(10, expected_revision);
    HK_RETURN_IF_ERROR(Run(s));
    if (sqlite3_changes(db_) > 0) return Status::Ok();
    Stmt exists(db_, Sql("entity_exists"));
    exists.Bind(1, e.kind).Bind(2, e.id);
    int rc = exists.Step();
    if (rc == SQLITE_DONE) return Status::NotFound(e.kind + " " + e.id + " finnes ikke");
    if (rc != SQLITE_ROW) return exists.Error();
    return Status::Conflict(kConflictMessage);
  }
  Status DeleteEntity(const std::string& kind, const std::string& id) override {
    Stmt s(db_, Sql("delete_entity"));
    s.Bind(1, kind).Bind(2, id);
    HK_RETURN_IF_ERROR(Run(s));
    if (sqlite3_changes(db_) == 0) return Status::NotFound(kind + " " + id + " finnes ikke");
    return Status::Ok();
  }
  Result<std::int64_t> AppendEvent(const EventRecord& e) override {
    Stmt s(db_, Sql("insert_event"));
    s.Bind(1, e.id).Bind(2, e.at).Bind(3, e.actor_user).Bind(4, e.actor_org).Bind(5, e.org_id);
    s.Bind(6, e.entity_kind).Bind(7, e.entity_id).Bind(8, e.action).Bind(9, e.changes);
    HK_RETURN_IF_ERROR(Run(s));
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_));
  }
  Status InsertFile(const FileRecord& f) override {
    Stmt s(db_, Sql("insert_file"));
    s.Bind(1, f.id).Bind(2, f.owner_org).Bind(3, f.name).Bind(4, f.content_type);
    s.Bind(5, f.sha256).Bind(6, f.size).Bind(7, f.created_at).BindBlob(8, f.data);
    return Run(s);
  }
  Status BumpRegistryRevision() override {
    Stmt s(db_, Sql("bump_registry_revision"));
    return Run(s);
  }

  Status BumpCatalogRevision() override {
    Stmt s(db_, Sql("bump_catalog_revision"));
    return Run(s);
  }
  // BEGIN IMMEDIATE holds the write lock, so MAX(idx) + 1 cannot race another writer.
  Result<std::int64_t> AppendLogEntry(const std::string& subject_id, const std::string& leaf,
                                      std::int64_t created_at) override {
    Stmt s(db_, Sql("insert_log_entry"));
    s.Bind(1, subject_id).Bind(2, leaf).Bind(3, created_at);
    if (s.Step() != SQLITE_ROW) return s.Error();
    std::int64_t idx = s.Int(0);
    if (s.Step() != SQLITE_DONE) return s.Error();
    return idx;
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

  Result<std::optional<Entity>> FindEntity(const std::string& kind, const std::string& id,
                                           std::int64_t now) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_entity"));
    s.Bind(1, kind).Bind(2, id).Bind(3, now);
    return OneEntity(s);
  }
  Result<std::optional<Entity>> FindEntityByUniqueKey(const std::string& kind,
                                                      const std::string& unique_key,
                                                      std::int64_t now) override {
    if (unique_key.empty()) return std::optional<Entity>();  // stored as NULL: never matches
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_entity_by_unique_key"));
    s.Bind(1, kind).Bind(2, unique_key).Bind(3, now);
    return OneEntity(s);
  }
  Result<std::vector<Entity>> ListEntities(const std::string& kind, std::int64_t now) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_entities"));
    s.Bind(1, kind).Bind(2, now);
    return AllEntities(s);
  }
  Result<std::vector<Entity>> ListEntitiesByParent(const std::string& kind,
                                                   const std::string& parent_id,
                                                   std::int64_t now) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_entities_by_parent"));
    s.Bind(1, kind).Bind(2, parent_id).Bind(3, now);
    return AllEntities(s);
  }
  Result<std::int64_t> PurgeExpired(std::int64_t now) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("purge_expired"));
    s.Bind(1, now);
    HK_RETURN_IF_ERROR(Run(s));
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }
  Result<std::vector<EventRecord>> ListEvents(const EventQuery& query) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_events"));
    s.Bind(1, query.org_id).Bind(2, query.entity_id).Bind(3, query.before_seq);
    s.Bind(4, std::int64_t{ClampEventLimit(query.limit)});
    std::vector<EventRecord> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      EventRecord e;
      e.seq = s.Int(0);
      e.id = s.Text(1);
      e.at = s.Int(2);
      e.actor_user = s.Text(3);
      e.actor_org = s.Text(4);
      e.org_id = s.Text(5);
      e.entity_kind = s.Text(6);
      e.entity_id = s.Text(7);
      e.action = s.Text(8);
      e.changes = s.Text(9);
      out.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE) return s.Error();
    return out;
  }
  Result<std::optional<FileRecord>> FindFile(const std::string& id) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_file"));
    s.Bind(1, id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<FileRecord>();
    if (rc != SQLITE_ROW) return s.Error();
    FileRecord f;
    f.id = s.Text(0);
    f.owner_org = s.Text(1);
    f.name = s.Text(2);
    f.content_type = s.Text(3);
    f.sha256 = s.Text(4);
    f.size = s.Int(5);
    f.created_at = s.Int(6);
    f.data = s.Blob(7);
    return std::optional<FileRecord>(std::move(f));
  }
  Result<std::int64_t> RegistryRevision() override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_registry_revision"));
    if (s.Step() != SQLITE_ROW) return s.Error();
    return s.Int(0);
  }

  Result<std::int64_t> LogSize() override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_log_size"));
    if (s.Step() != SQLITE_ROW) return s.Error();
    return s.Int(0);
  }
  Result<std::vector<LogEntryRecord>> ReadLogEntries(std::int64_t start,
                                                     std::int64_t end) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_log_entries"));
    s.Bind(1, start).Bind(2, end);
    return AllLogEntries(s);
  }
  Result<std::vector<LogEntryRecord>> LogEntriesFor(const std::string& subject_id) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, Sql("select_log_entries_for"));
    s.Bind(1, subject_id);
    return AllLogEntries(s);
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

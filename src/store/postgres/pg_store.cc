#include "store/postgres/pg_store.h"

#include <libpq-fe.h>

#include <map>
#include <mutex>
#include <new>

#include "core/log.h"
#include "store/named_sql.h"

namespace helsekrav::store {
namespace postgres_sql {
const std::map<std::string, std::string_view>& EmbeddedFiles();
}

namespace {

const std::string& Sql(const std::string& name) {
  static const auto statements =
      ParseNamedStatements(postgres_sql::EmbeddedFiles().at("statements.sql"));
  return statements.at(name);
}

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

constexpr int kMaxEventLimit = 500;

int ClampEventLimit(int limit) {
  return limit < 1 ? 1 : limit > kMaxEventLimit ? kMaxEventLimit : limit;
}

// A parameter: text, SQL NULL, or raw bytes sent in binary format (bytea).
struct Param {
  Param(std::string v) : value(std::move(v)) {}        // NOLINT(google-explicit-constructor)
  Param(const char* v) : value(v) {}                   // NOLINT(google-explicit-constructor)
  Param(std::int64_t v) : value(std::to_string(v)) {}  // NOLINT(google-explicit-constructor)
  Param(const std::optional<Date>& d) : is_null(!d) {  // NOLINT(google-explicit-constructor)
    if (d) value = d->ToIso();
  }
  static Param Bytes(std::string bytes) {
    Param p(std::move(bytes));
    p.binary = true;
    return p;
  }
  std::string value;
  bool is_null = false;
  bool binary = false;
};

Status ErrorOf(PGconn* conn, const PGresult* res) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  // 23505: a unique key is taken; 40001: a serialization failure (a concurrent transaction
  // changed what this one read).
  if (state != nullptr && (std::string(state) == "23505" || std::string(state) == "40001")) {
    LogInfo("store conflict", {{"db", "postgresql"}, {"error", msg}});
    return Status::Conflict(kConflictMessage);
  }
  if (PQstatus(conn) != CONNECTION_OK) return Status::Unavailable("PostgreSQL: " + msg);
  return Status::Internal("PostgreSQL: " + msg);
}

// Runs one statement with parameters; returns the result on success.
Result<ResultPtr> Query(PGconn* conn, const std::string& sql,
                        const std::vector<Param>& params = {}) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const Param& p : params) {
    values.push_back(p.is_null ? nullptr : p.value.data());
    lengths.push_back(static_cast<int>(p.value.size()));  // read for binary parameters only
    formats.push_back(p.binary ? 1 : 0);
  }
  ResultPtr res(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), lengths.data(), formats.data(), 0),
                &PQclear);
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorOf(conn, res.get());
  return res;
}

Status Exec(PGconn* conn, const std::string& sql, const std::vector<Param>& params = {}) {
  auto res = Query(conn, sql, params);
  return res.ok() ? Status::Ok() : res.status();
}

// The number of rows an INSERT/UPDATE/DELETE touched.
std::int64_t RowsAffected(PGresult* res) {
  const char* n = PQcmdTuples(res);
  return n == nullptr || *n == '\0' ? 0 : std::stoll(n);
}

std::string Value(PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), PQgetlength(r, row, col));
}
std::int64_t Int(PGresult* r, int row, int col) { return std::stoll(PQgetvalue(r, row, col)); }

// A bytea column in text result format ("\x…" hex) as raw bytes.
std::string Bytes(PGresult* r, int row, int col) {
  std::size_t n = 0;
  unsigned char* p =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r, row, col)), &n);
  if (p == nullptr) throw std::bad_alloc();
  std::string out(reinterpret_cast<const char*>(p), n);
  PQfreemem(p);
  return out;
}

// The parameters $1–$9 of insert_entity/update_entity (store/postgres/sql/statements.sql).
std::vector<Param> EntityParams(const Entity& e) {
  return {e.kind,       e.id,         e.owner_org,  e.parent_id, e.unique_key,
          e.created_at, e.updated_at, e.expires_at, e.doc};
}

// Reads the columns of select_entity* in their order.
std::vector<Entity> EntitiesOf(PGresult* r) {
  std::vector<Entity> out;
  for (int i = 0; i < PQntuples(r); ++i) {
    Entity e;
    e.kind = Value(r, i, 0);
    e.id = Value(r, i, 1);
    e.owner_org = Value(r, i, 2);
    e.parent_id = Value(r, i, 3);
    e.unique_key = Value(r, i, 4);
    e.revision = Int(r, i, 5);
    e.created_at = Int(r, i, 6);
    e.updated_at = Int(r, i, 7);
    e.expires_at = Int(r, i, 8);
    e.doc = Value(r, i, 9);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::optional<Entity>> OneEntity(Result<ResultPtr> res) {
  if (!res.ok()) return res.status();
  std::vector<Entity> all = EntitiesOf(res->get());
  if (all.empty()) return std::optional<Entity>();
  return std::optional<Entity>(std::move(all.front()));
}

Result<std::vector<Entity>> AllEntities(Result<ResultPtr> res) {
  if (!res.ok()) return res.status();
  return EntitiesOf(res->get());
}

// A script of several statements (migrations): simple-query protocol, no parameters.
Status ExecScript(PGconn* conn, const std::string& sql) {
  ResultPtr res(PQexec(conn, sql.c_str()), &PQclear);
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorOf(conn, res.get());
  return Status::Ok();
}

// Reads the rows of select_log_entries* (idx, subject_id, leaf, created_at).
Result<std::vector<LogEntryRecord>> AllLogEntries(Result<ResultPtr> res) {
  if (!res.ok()) return res.status();
  PGresult* r = res->get();
  std::vector<LogEntryRecord> out;
  for (int i = 0; i < PQntuples(r); ++i) {
    out.push_back(LogEntryRecord{Int(r, i, 0), Value(r, i, 1), Value(r, i, 2), Int(r, i, 3)});
  }
  return out;
}

class PgTransaction final : public Transaction {
 public:
  PgTransaction(PGconn* conn, std::unique_lock<std::mutex> lock)
      : conn_(conn), lock_(std::move(lock)) {}
  ~PgTransaction() override {
    if (!done_) (void)Exec(conn_, "ROLLBACK");
  }
  Status Commit() override {
    done_ = true;
    return Exec(conn_, "COMMIT");
  }
  Status DeleteCatalog() override { return Exec(conn_, Sql("delete_catalog")); }
  Status InsertCatalogRecord(const CatalogRecord& r) override {
    return Exec(
        conn_, Sql("insert_catalog_record"),
        {r.kind, r.key, std::to_string(r.version), r.uuid, r.valid_from, r.valid_to, r.doc});
  }
  Status InsertEntity(const Entity& e) override {
    std::vector<Param> params = EntityParams(e);
    params.emplace_back(e.revision);
    return Exec(conn_, Sql("insert_entity"), params);
  }
  Status UpdateEntity(const Entity& e, std::int64_t expected_revision) override {
    std::vector<Param> params = EntityParams(e);
    params.emplace_back(expected_revision);
    auto res = Query(conn_, Sql("update_entity"), params);
    if (!res.ok()) return res.status();
    if (RowsAffected(res->get()) > 0) return Status::Ok();
    auto exists = Query(conn_, Sql("entity_exists"), {e.kind, e.id});
    if (!exists.ok()) return exists.status();
    if (PQntuples(exists->get()) == 0)
      return Status::NotFound(e.kind + " " + e.id + " finnes ikke");
    return Status::Conflict(kConflictMessage);
  }
  Status DeleteEntity(const std::string& kind, const std::string& id) override {
    auto res = Query(conn_, Sql("delete_entity"), {kind, id});
    if (!res.ok()) return res.status();
    if (RowsAffected(res->get()) == 0) return Status::NotFound(kind + " " + id + " finnes ikke");
    return Status::Ok();
  }
  Result<std::int64_t> AppendEvent(const EventRecord& e) override {
    auto res = Query(conn_, Sql("insert_event"),
                     {e.id, e.at, e.actor_user, e.actor_org, e.org_id, e.entity_kind, e.entity_id,
                      e.action, e.changes});
    if (!res.ok()) return res.status();
    return Int(res->get(), 0, 0);
  }
  Status InsertFile(const FileRecord& f) override {
    return Exec(conn_, Sql("insert_file"),
                {f.id, f.owner_org, f.name, f.content_type, f.sha256, f.size, f.created_at,
                 Param::Bytes(f.data)});
  }
  Status BumpRegistryRevision() override {
    HK_RETURN_IF_ERROR(Exec(conn_, Sql("bump_registry_revision")));
    return Exec(conn_, Sql("notify_registry"));  // delivered at commit, for LISTENing servers
  }

  Status BumpCatalogRevision() override {
    HK_RETURN_IF_ERROR(Exec(conn_, Sql("bump_catalog_revision")));
    return Exec(conn_, Sql("notify_catalog"));  // delivered at commit, for LISTENing servers
  }
  // Under SERIALIZABLE two concurrent appends read the same MAX(idx): one fails on the primary
  // key (23505) or with a serialization failure (40001), both Conflict.
  Result<std::int64_t> AppendLogEntry(const std::string& subject_id, const std::string& leaf,
                                      std::int64_t created_at) override {
    auto res = Query(conn_, Sql("insert_log_entry"), {subject_id, leaf, created_at});
    if (!res.ok()) return res.status();
    return Int(res->get(), 0, 0);
  }

 private:
  PGconn* conn_;
  std::unique_lock<std::mutex> lock_;
  bool done_ = false;
};

class PgStore final : public Store {
 public:
  PgStore(PGconn* conn, std::string description)
      : conn_(conn), description_(std::move(description)) {
    migrations_ = CollectMigrations(postgres_sql::EmbeddedFiles());
  }
  ~PgStore() override { PQfinish(conn_); }

  Status Migrate() override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    HK_RETURN_IF_ERROR(Exec(conn_, Sql("create_schema_migrations")));
    for (const auto& [number, sql] : migrations_) {
      HK_RETURN_IF_ERROR(Exec(conn_, "BEGIN"));
      // Serialises concurrent migrators (several servers starting at once).
      Status st = Exec(conn_, Sql("lock_migrations"));
      auto current = st.ok() ? SchemaVersionLocked() : Result<int>(st);
      if (current.ok() && number > *current) {
        st = ExecScript(conn_, sql);
        if (st.ok()) st = Exec(conn_, Sql("insert_schema_version"), {std::to_string(number)});
      } else if (!current.ok()) {
        st = current.status();
      }
      if (!st.ok()) {
        (void)Exec(conn_, "ROLLBACK");
        return Status::Internal("migration " + std::to_string(number) + ": " + st.message());
      }
      HK_RETURN_IF_ERROR(Exec(conn_, "COMMIT"));
    }
    return Status::Ok();
  }

  Result<int> SchemaVersion() override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    return SchemaVersionLocked();
  }
  int LatestSchemaVersion() const override {
    return migrations_.empty() ? 0 : migrations_.back().first;
  }

  Result<std::unique_ptr<Transaction>> Begin() override {
    std::unique_lock lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    HK_RETURN_IF_ERROR(Exec(conn_, "BEGIN ISOLATION LEVEL SERIALIZABLE"));
    return std::unique_ptr<Transaction>(new PgTransaction(conn_, std::move(lock)));
  }

  Result<std::vector<CatalogRecord>> ReadCatalogRecords() override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    auto res = Query(conn_, Sql("select_catalog_records"));
    if (!res.ok()) return res.status();
    PGresult* r = res->get();
    std::vector<CatalogRecord> out;
    for (int i = 0; i < PQntuples(r); ++i) {
      CatalogRecord rec;
      rec.kind = PQgetvalue(r, i, 0);
      rec.key = PQgetvalue(r, i, 1);
      rec.version = std::stoi(PQgetvalue(r, i, 2));
      rec.uuid = PQgetvalue(r, i, 3);
      if (!PQgetisnull(r, i, 4)) rec.valid_from = Date::Parse(PQgetvalue(r, i, 4));
      if (!PQgetisnull(r, i, 5)) rec.valid_to = Date::Parse(PQgetvalue(r, i, 5));
      rec.doc = PQgetvalue(r, i, 6);
      out.push_back(std::move(rec));
    }
    return out;
  }

  Result<std::optional<Entity>> FindEntity(const std::string& kind, const std::string& id,
                                           std::int64_t now) override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    return OneEntity(Query(conn_, Sql("select_entity"), {kind, id, now}));
  }
  Result<std::optional<Entity>> FindEntityByUniqueKey(const std::string& kind,
                                                      const std::string& unique_key,
                                                      std::int64_t now) override {
    if (unique_key.empty()) return std::optional<Entity>();  // stored as NULL: never matches
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    return OneEntity(Query(conn_, Sql("select_entity_by_unique_key"), {kind, unique_key, now}));
  }
  Result<std::vector<Entity>> ListEntities(const std::string& kind, std::int64_t now) override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    return AllEntities(Query(conn_, Sql("select_entities"), {kind, now}));
  }
  Result<std::vector<Entity>> ListEntitiesByParent(const std::string& kind,
                                                   const std::string& parent_id,
                                                   std::int64_t now) override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    return AllEntities(Query(conn_, Sql("select_entities_by_parent"), {kind, parent_id, now}));
  }
  Result<std::int64_t> PurgeExpired(std::int64_t now) override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    auto res = Query(conn_, Sql("purge_expired"), {now});
    if (!res.ok()) return res.status();
    return RowsAffected(res->get());
  }
  Result<std::vector<EventRecord>> ListEvents(const EventQuery& query) override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    auto res = Query(conn_, Sql("select_events"),
                     {query.org_id, query.entity_id, query.before_seq,
                      std::int64_t{ClampEventLimit(query.limit)}});
    if (!res.ok()) return res.status();
    PGresult* r = res->get();
    std::vector<EventRecord> out;
    for (int i = 0; i < PQntuples(r); ++i) {
      EventRecord e;
      e.seq = Int(r, i, 0);
      e.id = Value(r, i, 1);
      e.at = Int(r, i, 2);
      e.actor_user = Value(r, i, 3);
      e.actor_org = Value(r, i, 4);
      e.org_id = Value(r, i, 5);
      e.entity_kind = Value(r, i, 6);
      e.entity_id = Value(r, i, 7);
      e.action = Value(r, i, 8);
      e.changes = Value(r, i, 9);
      out.push_back(std::move(e));
    }
    return out;
  }
  Result<std::optional<FileRecord>> FindFile(const std::string& id) override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    auto res = Query(conn_, Sql("select_file"), {id});
    if (!res.ok()) return res.status();
    PGresult* r = res->get();
    if (PQntuples(r) == 0) return std::optional<FileRecord>();
    FileRecord f;
    f.id = Value(r, 0, 0);
    f.owner_org = Value(r, 0, 1);
    f.name = Value(r, 0, 2);
    f.content_type = Value(r, 0, 3);
    f.sha256 = Value(r, 0, 4);
    f.size = Int(r, 0, 5);
    f.created_at = Int(r, 0, 6);
    f.data = Bytes(r, 0, 7);
    return std::optional<FileRecord>(std::move(f));
  }
  Result<std::int64_t> RegistryRevision() override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    auto res = Query(conn_, Sql("select_registry_revision"));
    if (!res.ok()) return res.status();
    return Int(res->get(), 0, 0);
  }

  Result<std::int64_t> LogSize() override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    auto res = Query(conn_, Sql("select_log_size"));
    if (!res.ok()) return res.status();
    return Int(res->get(), 0, 0);
  }
  Result<std::vector<LogEntryRecord>> ReadLogEntries(std::int64_t start,
                                                     std::int64_t end) override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    return AllLogEntries(Query(conn_, Sql("select_log_entries"), {start, end}));
  }
  Result<std::vector<LogEntryRecord>> LogEntriesFor(const std::string& subject_id) override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    return AllLogEntries(Query(conn_, Sql("select_log_entries_for"), {subject_id}));
  }

  Result<std::int64_t> CatalogRevision() override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    auto res = Query(conn_, Sql("select_catalog_revision"));
    if (!res.ok()) return res.status();
    return static_cast<std::int64_t>(std::stoll(PQgetvalue(res->get(), 0, 0)));
  }

  Status Ping() override {
    std::lock_guard lock(mu_);
    HK_RETURN_IF_ERROR(EnsureConnected());
    return Exec(conn_, Sql("ping"));
  }
  std::string Describe() const override { return description_; }

 private:
  Status EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      return Status::Unavailable(std::string("PostgreSQL: ") + PQerrorMessage(conn_));
    }
    return Status::Ok();
  }
  Result<int> SchemaVersionLocked() {
    auto exists = Query(conn_, Sql("has_schema_migrations"));
    if (!exists.ok()) return exists.status();
    if (PQntuples(exists->get()) == 0) return 0;
    auto res = Query(conn_, Sql("select_schema_version"));
    if (!res.ok()) return res.status();
    return std::stoi(PQgetvalue(res->get(), 0, 0));
  }

  std::mutex mu_;
  PGconn* conn_;
  std::string description_;
  std::vector<std::pair<int, std::string>> migrations_;
};

// The URI without its password, for logs and /readyz.
std::string Redact(PGconn* conn) {
  std::string host = PQhost(conn) != nullptr ? PQhost(conn) : "";
  std::string port = PQport(conn) != nullptr ? PQport(conn) : "";
  std::string db = PQdb(conn) != nullptr ? PQdb(conn) : "";
  return "postgresql://" + host + ":" + port + "/" + db;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::Unavailable("Kan ikke koble til PostgreSQL: " + msg);
  }
  // Quiet NOTICEs (e.g. "relation already exists, skipping") stay out of the logs.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  std::string description = Redact(conn);
  return std::unique_ptr<Store>(new PgStore(conn, std::move(description)));
}

}  // namespace helsekrav::store

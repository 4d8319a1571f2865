#include "store/postgres/pg_store.h"

#include <libpq-fe.h>

#include <map>
#include <mutex>

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

// A parameter: text or SQL NULL.
struct Param {
  Param(std::string v) : value(std::move(v)) {}        // NOLINT(google-explicit-constructor)
  Param(const char* v) : value(v) {}                   // NOLINT(google-explicit-constructor)
  Param(const std::optional<Date>& d) : is_null(!d) {  // NOLINT(google-explicit-constructor)
    if (d) value = d->ToIso();
  }
  std::string value;
  bool is_null = false;
};

Status ErrorOf(PGconn* conn, const PGresult* res) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  if (state != nullptr && std::string(state) == "23505") return Status::Conflict(msg);
  if (PQstatus(conn) != CONNECTION_OK) return Status::Unavailable("PostgreSQL: " + msg);
  return Status::Internal("PostgreSQL: " + msg);
}

// Runs one statement with parameters; returns the result on success.
Result<ResultPtr> Query(PGconn* conn, const std::string& sql,
                        const std::vector<Param>& params = {}) {
  std::vector<const char*> values;
  for (const Param& p : params) values.push_back(p.is_null ? nullptr : p.value.c_str());
  ResultPtr res(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0),
                &PQclear);
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorOf(conn, res.get());
  return res;
}

Status Exec(PGconn* conn, const std::string& sql, const std::vector<Param>& params = {}) {
  auto res = Query(conn, sql, params);
  return res.ok() ? Status::Ok() : res.status();
}

// A script of several statements (migrations): simple-query protocol, no parameters.
Status ExecScript(PGconn* conn, const std::string& sql) {
  ResultPtr res(PQexec(conn, sql.c_str()), &PQclear);
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorOf(conn, res.get());
  return Status::Ok();
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
  Status BumpCatalogRevision() override {
    HK_RETURN_IF_ERROR(Exec(conn_, Sql("bump_catalog_revision")));
    return Exec(conn_, Sql("notify_catalog"));  // delivered at commit, for LISTENing servers
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

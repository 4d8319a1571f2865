#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace helsekrav::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  const std::string kSqlite = "sqlite:";
  if (url.rfind(kSqlite, 0) == 0) {
    std::string path = url.substr(kSqlite.size());
    if (path.empty())
      return Status::Invalid("db", "sqlite: trenger en filsti, f.eks. sqlite:var/helsekrav.db");
    return OpenSqliteStore(path);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPostgresStore(url);
  }
  return Status::Invalid("db", "Ukjent database «" + url.substr(0, url.find(':')) +
                                   "»: bruk sqlite:STI eller postgresql://…");
}

}  // namespace helsekrav::store

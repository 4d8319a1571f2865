#pragma once
// The embedded default store: one SQLite file in WAL mode with foreign keys on and a busy
// timeout. Thread-safe: every operation takes the connection's mutex; a Transaction holds it
// from Begin() until it is committed or destroyed.

#include <memory>
#include <string>

#include "store/store.h"

namespace helsekrav::store {

// Opens (creating if needed) the database file at `path`. Unavailable on failure.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace helsekrav::store

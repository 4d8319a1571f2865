#pragma once
// The server store: PostgreSQL through libpq. Thread-safe: one connection guarded by a mutex;
// a Transaction holds it from Begin() until commit or destruction. A broken connection is
// reset on the next call.

#include <memory>
#include <string>

#include "store/store.h"

namespace helsekrav::store {

// Connects with a libpq URI ("postgresql://user@host:port/db"). Unavailable on failure; the
// message never contains the password.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri);

}  // namespace helsekrav::store

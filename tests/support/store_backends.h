#pragma once
// Opens a fresh, migrated store of either backend for a test, so suites are written once and
// parameterised over both (ARCHITECTURE.md: one contract suite for every Store).

#include <memory>
#include <string>

#include "store/store.h"

namespace helsekrav::testing {

enum class Backend { kSqlite, kPostgres };
std::string BackendName(Backend backend);

struct TestStore {
  std::unique_ptr<store::Store> store;
  std::string url;
  std::string cleanup_path;  // SQLite file to delete, if any
  ~TestStore();
};

// A new empty database (not yet migrated). Throws on failure: a broken test environment.
std::unique_ptr<TestStore> OpenFreshStore(Backend backend);

}  // namespace helsekrav::testing

#include "support/store_backends.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>

#include "support/test_postgres.h"

namespace helsekrav::testing {

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

TestStore::~TestStore() {
  store.reset();
  if (!cleanup_path.empty()) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(cleanup_path + suffix, ec);
  }
}

std::unique_ptr<TestStore> OpenFreshStore(Backend backend) {
  static std::atomic<int> counter{0};
  std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  auto t = std::make_unique<TestStore>();
  if (backend == Backend::kSqlite) {
    t->cleanup_path = std::filesystem::temp_directory_path() / ("helsekrav-" + name + ".db");
    t->url = "sqlite:" + t->cleanup_path;
  } else {
    auto uri = SharedTestPostgres().CreateDatabase(name);
    if (!uri.ok()) throw std::runtime_error(uri.status().message());
    t->url = *uri;
  }
  auto opened = store::OpenStore(t->url);
  if (!opened.ok()) throw std::runtime_error(opened.status().message());
  t->store = std::move(opened).value();
  return t;
}

}  // namespace helsekrav::testing

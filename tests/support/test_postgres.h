#pragma once
// A throwaway PostgreSQL server for tests: initdb in a temporary directory, a free port on
// loopback, trust authentication, stopped and deleted on destruction. No server needs to be
// installed or running beforehand — only Debian's postgresql package.

#include <memory>
#include <string>

#include "core/status.h"

namespace helsekrav::testing {

class TestPostgres {
 public:
  // Starts a server; Unavailable with the reason when PostgreSQL's binaries are missing or it
  // does not come up.
  static Result<std::unique_ptr<TestPostgres>> Start();
  ~TestPostgres();

  // Creates a fresh database and returns its libpq URI.
  Result<std::string> CreateDatabase(const std::string& name);
  int port() const { return port_; }

 private:
  TestPostgres(std::string bin, std::string dir, int port)
      : bin_(std::move(bin)), dir_(std::move(dir)), port_(port) {}
  std::string bin_;
  std::string dir_;
  int port_;
};

// The process-wide server for a test binary, started on first use.
TestPostgres& SharedTestPostgres();

}  // namespace helsekrav::testing

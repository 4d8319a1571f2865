// Fuzz target: request targets as the server receives them, through target parsing, the query
// parameter checks and every API handler on a small catalog. Any input gets a response.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "app/snapshot.h"
#include "http/router.h"
#include "support/sample_catalog.h"

namespace {

const helsekrav::app::Snapshot& FuzzSnapshot() {
  static const auto snapshot = std::make_unique<helsekrav::app::Snapshot>(
      helsekrav::testing::SampleCatalog(), 1, helsekrav::testing::D("2026-11-23"));
  return *snapshot;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  helsekrav::http::Request request;
  request.method = "GET";
  request.target.assign(reinterpret_cast<const char*>(data), size);
  if (!helsekrav::http::ParseTarget(request.target, request.path, request.query)) return 0;
  helsekrav::http::Response response = helsekrav::http::HandleWithSnapshot(request, FuzzSnapshot());
  if (response.status < 200 || response.status > 599) __builtin_trap();
  return 0;
}

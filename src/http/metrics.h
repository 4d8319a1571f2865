#pragma once
// Request counters and latency histograms in Prometheus text format. Lock-free: every update
// is a relaxed atomic increment, so recording costs nothing measurable on the hot path.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace helsekrav::http {

enum class Route {
  kRequirements,
  kProfiles,
  kStandards,
  kApprovalSchemes,
  kOrganisations,
  kCategories,
  kInteropServices,
  kNationalSolutions,
  kGuide,
  kSearch,
  kWeb,
  kWorkspace,  // pages with accounts and the product register
  kRegistry,   // /api/v1/products, /declarations, …
  kOpenApi,
  kHealth,
  kMetrics,
  kOther,
  kCount
};

class Metrics {
 public:
  void Record(Route route, int status, double seconds);
  // Prometheus exposition format 0.0.4; `gauges` are appended as-is ("name value\n" lines).
  std::string Render(const std::string& gauges) const;

 private:
  // The last entry, 0, counts every other status code.
  static constexpr std::array<int, 17> kCodes = {200, 201, 204, 303, 304, 400, 401, 403, 404,
                                                 405, 409, 413, 422, 429, 500, 503, 0};
  static constexpr std::array<double, 8> kBuckets = {0.0001, 0.0005, 0.001, 0.005,
                                                     0.01,   0.05,   0.1,   0.5};
  static constexpr std::size_t kRoutes = static_cast<std::size_t>(Route::kCount);

  std::array<std::array<std::atomic<std::uint64_t>, kCodes.size()>, kRoutes> requests_{};
  std::array<std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1>, kRoutes> buckets_{};
  std::array<std::atomic<std::uint64_t>, kRoutes> micros_sum_{};
};

}  // namespace helsekrav::http

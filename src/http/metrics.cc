#include "http/metrics.h"

namespace helsekrav::http {
namespace {
constexpr std::array<const char*, 8> kBucketLabels = {"0.0001", "0.0005", "0.001", "0.005",
                                                      "0.01",   "0.05",   "0.1",   "0.5"};
constexpr std::array<const char*, static_cast<std::size_t>(Route::kCount)> kRouteNames = {
    "requirements",
    "profiles",
    "standards",
    "approval_schemes",
    "organisations",
    "categories",
    "interoperability_services",
    "national_solutions",
    "guide",
    "search",
    "web",
    "workspace",
    "registry",
    "openapi",
    "health",
    "metrics",
    "other"};
}  // namespace

void Metrics::Record(Route route, int status, double seconds) {
  auto r = static_cast<std::size_t>(route);
  std::size_t code = kCodes.size() - 1;  // "other"
  for (std::size_t i = 0; i + 1 < kCodes.size(); ++i) {
    if (kCodes[i] == status) code = i;
  }
  requests_[r][code].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  buckets_[r][b].fetch_add(1, std::memory_order_relaxed);
  micros_sum_[r].fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::Render(const std::string& gauges) const {
  std::string out =
      "# HELP helsekrav_http_requests_total HTTP requests by route and status code.\n"
      "# TYPE helsekrav_http_requests_total counter\n";
  for (std::size_t r = 0; r < kRoutes; ++r) {
    for (std::size_t c = 0; c < kCodes.size(); ++c) {
      auto n = requests_[r][c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::string code = kCodes[c] == 0 ? "other" : std::to_string(kCodes[c]);
      out += "helsekrav_http_requests_total{route=\"" + std::string(kRouteNames[r]) + "\",code=\"" +
             code + "\"} " + std::to_string(n) + "\n";
    }
  }
  out +=
      "# HELP helsekrav_http_request_duration_seconds Time to produce a response.\n"
      "# TYPE helsekrav_http_request_duration_seconds histogram\n";
  for (std::size_t r = 0; r < kRoutes; ++r) {
    std::uint64_t cumulative = 0;
    std::string route = kRouteNames[r];
    std::string lines;
    for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += buckets_[r][b].load(std::memory_order_relaxed);
      std::string le = b < kBuckets.size() ? kBucketLabels[b] : "+Inf";
      lines += "helsekrav_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + le +
               "\"} " + std::to_string(cumulative) + "\n";
    }
    if (cumulative == 0) continue;
    out += lines;
    out += "helsekrav_http_request_duration_seconds_sum{route=\"" + route + "\"} " +
           std::to_string(static_cast<double>(micros_sum_[r].load()) / 1e6) + "\n";
    out += "helsekrav_http_request_duration_seconds_count{route=\"" + route + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  return out + gauges;
}

}  // namespace helsekrav::http

#include "http/routes.h"

#include <algorithm>
#include <stdexcept>

#include "http/api/approvals_api.h"
#include "http/api/registry_api.h"
#include "http/api/webhooks_api.h"

namespace helsekrav::http {
namespace {

// "/a/b/" → {"a", "b", ""}: the empty segments are kept so that "//" or a trailing "/" never
// matches a pattern.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  for (;;) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

template <typename Table>
void Append(std::vector<MutatingRoute>& routes, const Table& table) {
  for (const auto& route : table) routes.push_back({route.method, route.pattern});
}

}  // namespace

const std::vector<MutatingRoute>& ApiMutatingRoutes() {
  static const std::vector<MutatingRoute> kRoutes = [] {
    std::vector<MutatingRoute> routes;
    Append(routes, api::RegistryApiMutations());
    Append(routes, api::ApprovalApiMutations());
    Append(routes, api::WebhookApiMutations());
    return routes;
  }();
  return kRoutes;
}

std::vector<MutatingRoute> MutatingRoutes(const std::vector<MutatingRoute>& form_routes) {
  std::vector<MutatingRoute> routes = ApiMutatingRoutes();
  routes.insert(routes.end(), form_routes.begin(), form_routes.end());
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const MutatingRoute& route = routes[i];
    if (route.method == "GET" || route.method == "HEAD" || Segments(route.pattern).empty()) {
      throw std::logic_error("not a mutating route: " + route.method + " " + route.pattern);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (routes[j].method == route.method && routes[j].pattern == route.pattern) {
        throw std::logic_error("listed twice: " + route.method + " " + route.pattern);
      }
    }
  }
  return routes;
}

bool MatchesPattern(std::string_view pattern, std::string_view path) {
  std::vector<std::string_view> want = Segments(pattern);
  std::vector<std::string_view> have = Segments(path);
  if (want.empty() || want.size() != have.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (IsPlaceholder(want[i]) ? have[i].empty() : want[i] != have[i]) return false;
  }
  return true;
}

const MutatingRoute* FindMutatingRoute(const std::vector<MutatingRoute>& table,
                                       std::string_view method, std::string_view path) {
  for (const MutatingRoute& route : table) {
    if (route.method == method && MatchesPattern(route.pattern, path)) return &route;
  }
  return nullptr;
}

std::vector<std::string> MutatingMethodsFor(const std::vector<MutatingRoute>& table,
                                            std::string_view path) {
  std::vector<std::string> methods;
  for (const MutatingRoute& route : table) {
    if (MatchesPattern(route.pattern, path) &&
        std::find(methods.begin(), methods.end(), route.method) == methods.end()) {
      methods.push_back(route.method);
    }
  }
  return methods;
}

}  // namespace helsekrav::http

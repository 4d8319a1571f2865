#pragma once
// Every mutating route of the service, web forms and JSON API alike: the gate the router applies
// before any handler sees a request whose method is not GET or HEAD, and the list the
// authorisation test walks. A handler whose route is not listed here cannot be reached, so a new
// write path must be added to its module's table (api::RegistryApiMutations,
// api::ApprovalApiMutations, api::WebhookApiMutations, web::WorkspaceMutations), and then the
// authorisation test asks for its expectations. Thread-safe: the table is built once and never
// changes.

#include <string>
#include <string_view>
#include <vector>

namespace helsekrav::http {

struct MutatingRoute {
  std::string method;   // "POST", "PUT", "PATCH" or "DELETE"
  std::string pattern;  // "/api/v1/products/{product}": a {placeholder} is one non-empty segment
};

// The table, in the order of the module tables it gathers; no duplicates.
const std::vector<MutatingRoute>& MutatingRoutes();

// True when `path` (decoded, without the query) matches `pattern`: the same number of segments,
// each literal segment equal and each {placeholder} a non-empty segment.
bool MatchesPattern(std::string_view pattern, std::string_view path);

// The table's entry for `method` and `path`, or nullptr when the router must refuse the request.
const MutatingRoute* FindMutatingRoute(std::string_view method, std::string_view path);

// The methods the table lists for `path` under any pattern ("PATCH", "DELETE"), in table order;
// empty when no pattern matches.
std::vector<std::string> MutatingMethodsFor(std::string_view path);

}  // namespace helsekrav::http

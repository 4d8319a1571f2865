#pragma once
// Every mutating route of the service, web forms and JSON API alike: the gate the router applies
// before any handler sees a request whose method is not GET or HEAD, and the list the
// authorisation test walks (Router::mutating_routes()). A handler whose route is not listed
// cannot be reached, so a new write path must be added to its module's table
// (api::RegistryApiMutations, api::ApprovalApiMutations, api::WebhookApiMutations for the API;
// the form routes of http::PageHandlers, from web::WorkspaceMutations, for pages), and then the
// authorisation test asks for its expectations. Thread-safe: pure functions over the tables.

#include <string>
#include <string_view>
#include <vector>

namespace helsekrav::http {

struct MutatingRoute {
  std::string method;   // "POST", "PUT", "PATCH" or "DELETE"
  std::string pattern;  // "/api/v1/products/{product}": a {placeholder} is one non-empty segment
};

// The JSON API's writes, in the order of the module tables it gathers.
const std::vector<MutatingRoute>& ApiMutatingRoutes();
// The gate's table: the API's writes, then `form_routes`. Throws std::logic_error for a read
// method or a route listed twice.
std::vector<MutatingRoute> MutatingRoutes(const std::vector<MutatingRoute>& form_routes);

// True when `path` (decoded, without the query) matches `pattern`: the same number of segments,
// each literal segment equal and each {placeholder} a non-empty segment.
bool MatchesPattern(std::string_view pattern, std::string_view path);

// The entry of `table` for `method` and `path`, or nullptr when the router must refuse the
// request.
const MutatingRoute* FindMutatingRoute(const std::vector<MutatingRoute>& table,
                                       std::string_view method, std::string_view path);

// The methods `table` lists for `path` under any pattern ("PATCH", "DELETE"), in table order;
// empty when no pattern matches.
std::vector<std::string> MutatingMethodsFor(const std::vector<MutatingRoute>& table,
                                            std::string_view path);

}  // namespace helsekrav::http

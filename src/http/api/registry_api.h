#pragma once
// The JSON API of the product register and declarations (/api/v1/products, /deployments,
// /declarations, /files, /events, /suppliers). Reads are public where the data is public;
// mutations need "Authorization: Bearer <API token>" with the "write" scope, and app/ checks
// that the token's organisation owns what is changed. Errors are problem+json.

#include <string>
#include <vector>

#include "app/services.h"
#include "app/snapshot.h"
#include "http/message.h"

namespace helsekrav::http::api {

struct ApiContext {
  const Request& request;
  const app::Snapshot& catalog;
  const app::RegistryView& registry;
  app::Services& services;
  const app::Principal* principal;  // from the Bearer token; nullptr when none
};

// Every mutating route of this API ("POST", "/api/v1/products/{product}/versions"). The router
// lets through only the writes listed here (http::MutatingRoutes), and the authorisation test
// tries each one.
struct MutationRoute {
  std::string method;
  std::string pattern;  // placeholders in braces: {product}, {version}, {declaration}, …
};
const std::vector<MutationRoute>& RegistryApiMutations();

// True when `resource` (the first path segment after /api/v1/) is served here.
bool IsRegistryResource(const std::string& resource);
// `segments` are the path segments after /api/v1/, the resource first.
Response HandleRegistryApi(const ApiContext& context, const std::vector<std::string>& segments);

}  // namespace helsekrav::http::api

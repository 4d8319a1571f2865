#pragma once
// The JSON API of approvals («godkjenninger»), certificate claims and compliance labels:
//   /api/v1/approvals[/{id}[/renew|suspend|reinstate|revoke]]
//   /api/v1/certificates[/{id}[/confirm]]
//   /api/v1/product-versions/{id}/labels[/{profile}]
// Reads are public (the register of approvals is public; labels of visible product versions).
// Mutations need an API token with the "write" scope; app/ApprovalService checks that the
// token's organisation owns the scheme (approvals), holds the certificate, or may confirm it.
// Served from HandleRegistryApi (registry_api.cc); answers 503 when the approval service is not
// wired into app::Services.

#include <string>
#include <vector>

#include "http/api/registry_api.h"

namespace helsekrav::http::api {

// Every mutating route here; the router serves only these (see RegistryApiMutations).
const std::vector<MutationRoute>& ApprovalApiMutations();

// True when `resource` (the first path segment after /api/v1/) is served here.
bool IsApprovalResource(const std::string& resource);
// `segments` are the path segments after /api/v1/, the resource first.
Response HandleApprovalApi(const ApiContext& context, const std::vector<std::string>& segments);

}  // namespace helsekrav::http::api

#pragma once
// /api/v1/webhooks: an organisation's webhooks and their deliveries (app/webhooks.h). Every
// route needs an API token of an administrator's organisation; mutations need the "write"
// scope. The secret is in the answer to POST /webhooks and /rotate-secret only.

#include <vector>

#include "http/api/registry_api.h"

namespace helsekrav::http::api {

// The mutating routes of this API; the router serves only these (see RegistryApiMutations).
const std::vector<MutationRoute>& WebhookApiMutations();
// `segments` are the path segments after /api/v1/, "webhooks" first.
Response HandleWebhooksApi(const ApiContext& context, const std::vector<std::string>& segments);

}  // namespace helsekrav::http::api
